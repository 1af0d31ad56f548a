package dev.knobs.eventing.payload;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An ordered set of hyperparameters with distinct names. */
public record SearchSpace(List<Parameter> parameters) {
    public SearchSpace {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("a search space needs at least one parameter");
        }
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("parameter " + p.name() + " is defined twice");
            }
        }
        parameters = List.copyOf(parameters);
    }
}
