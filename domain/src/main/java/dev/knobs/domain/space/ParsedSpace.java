package dev.knobs.domain.space;

import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * A search space with the settings its text (or JSON form) chose, if any: the search algorithm
 * ({@code search = tpe}) and the early-stopping rule ({@code early stopping = asha}). Null when not
 * said.
 */
public record ParsedSpace(
        SearchSpace space, String searchAlgorithm, EarlyStopping.Rule earlyStopping) {
    public static final List<String> SEARCH_ALGORITHMS = List.of("random", "grid", "tpe");

    /** The readable summary: one line per parameter, then one per setting. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>(SearchSpaces.describe(space));
        if (searchAlgorithm != null) {
            lines.add("search algorithm: " + searchAlgorithm);
        }
        if (earlyStopping != null) {
            lines.add("early stopping: " + earlyStopping.label());
        }
        return lines;
    }
}
