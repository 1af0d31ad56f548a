package dev.knobs.bench;

import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.SearchSpace;
import dev.knobs.functions.search.History;
import dev.knobs.functions.search.SearchAlgorithm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tuning run: ask for points, evaluate them, tell their values — one at a time, or with several
 * asked and not yet told (trials in flight).
 */
interface Study {
    /** A point asked for, by the number the study gave it. */
    record Asked(int number, Map<String, Object> params) {}

    Asked ask();

    void tell(Asked asked, double value);

    /** Tells a two-objective study both values (each to be minimised). */
    default void tell(Asked asked, double[] values) {
        throw new UnsupportedOperationException("a study of one objective");
    }

    /**
     * A Knobs search algorithm, called as the functions call it when they fill an experiment's
     * slots ({@code TrialRequests.fill}): the history is the succeeded trials and the ones still
     * running (pending: TPE's constant liar counts them as bad), the trial number is the count
     * asked so far plus one.
     */
    final class Knobs implements Study {
        private final SearchAlgorithm search;
        private final SearchSpace space;
        private final long seed;
        private final boolean twoObjectives;
        private final List<History.Observation> done = new ArrayList<>();
        private final Map<Integer, Map<String, Object>> running = new LinkedHashMap<>();
        private int asked;

        Knobs(SearchAlgorithm search, SearchSpace space, long seed) {
            this(search, space, seed, false);
        }

        /** With {@code twoObjectives}, both minimised (MOTPE for Knobs TPE). */
        Knobs(SearchAlgorithm search, SearchSpace space, long seed, boolean twoObjectives) {
            this.search = search;
            this.space = space;
            this.seed = seed;
            this.twoObjectives = twoObjectives;
        }

        @Override
        public Asked ask() {
            History history =
                    search.learns()
                            ? new History(
                                    done,
                                    new ArrayList<>(running.values()),
                                    List.of(),
                                    false,
                                    twoObjectives ? Objective.Goal.MINIMIZE : null)
                            : History.NONE;
            int number = ++asked;
            Map<String, Object> x = search.suggest(space, seed, number, history).orElseThrow();
            running.put(number, x);
            return new Asked(number, x);
        }

        @Override
        public void tell(Asked a, double value) {
            running.remove(a.number());
            done.add(new History.Observation(a.params(), value));
        }

        @Override
        public void tell(Asked a, double[] values) {
            running.remove(a.number());
            done.add(new History.Observation(a.params(), values[0], values[1]));
        }
    }
}
