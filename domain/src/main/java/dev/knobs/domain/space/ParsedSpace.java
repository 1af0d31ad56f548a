package dev.knobs.domain.space;

import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * A search space with the settings its text (or JSON form) chose, if any: the search algorithm
 * ({@code search = tpe}) and the early-stopping rule ({@code early stopping = asha}), null when not
 * said, and the objectives it names ({@code maximize accuracy, minimize latency_ms}; none, one or
 * two, the first the primary).
 */
public record ParsedSpace(
        SearchSpace space,
        String searchAlgorithm,
        EarlyStopping.Rule earlyStopping,
        List<Objective> objectives) {
    public static final List<String> SEARCH_ALGORITHMS = List.of("random", "grid", "tpe");

    /** How many objectives an experiment may name. */
    public static final int MAX_OBJECTIVES = 2;

    public ParsedSpace {
        objectives = objectives == null ? List.of() : List.copyOf(objectives);
    }

    public ParsedSpace(
            SearchSpace space, String searchAlgorithm, EarlyStopping.Rule earlyStopping) {
        this(space, searchAlgorithm, earlyStopping, List.of());
    }

    /** The readable summary: one line per parameter, then one per setting. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>(SearchSpaces.describe(space));
        if (searchAlgorithm != null) {
            lines.add("search algorithm: " + searchAlgorithm);
        }
        if (earlyStopping != null) {
            lines.add("early stopping: " + earlyStopping.label());
        }
        for (int i = 0; i < objectives.size(); i++) {
            Objective o = objectives.get(i);
            lines.add(
                    (i == 0 ? "objective: " : "traded against: ")
                            + o.goal().name().toLowerCase(java.util.Locale.ROOT)
                            + " "
                            + o.metric());
        }
        return lines;
    }
}
