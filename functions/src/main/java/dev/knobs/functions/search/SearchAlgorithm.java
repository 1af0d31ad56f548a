package dev.knobs.functions.search;

import dev.knobs.eventing.payload.SearchSpace;
import java.util.Map;
import java.util.Optional;

/**
 * Suggests the hyperparameters of trial number {@code n} (1-based). For grid and random search a
 * suggestion depends only on the space, the seed and n — not on the order in which earlier trials
 * finished — so a seeded experiment is reproducible; a learning search also takes the {@link
 * History}. Empty when the algorithm has nothing left to try (a finished grid).
 */
public interface SearchAlgorithm {
    String name();

    Optional<Map<String, Object>> suggest(
            SearchSpace space, long seed, int trialNumber, History history);

    /** Whether suggestions depend on {@link History} (callers can skip loading it otherwise). */
    default boolean learns() {
        return false;
    }

    /** How many distinct suggestions there are, or {@code Long.MAX_VALUE} when unbounded. */
    long size(SearchSpace space);
}
