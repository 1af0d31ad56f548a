package dev.knobs.bench;

import dev.knobs.eventing.payload.SearchSpace;
import dev.knobs.functions.search.History;
import dev.knobs.functions.search.SearchAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One sequential tuning run: ask for a point, evaluate it, tell the value. */
interface Study {
    Map<String, Object> ask();

    void tell(double value);

    /** A Knobs search algorithm, called exactly as the functions call it. */
    final class Knobs implements Study {
        private final SearchAlgorithm search;
        private final SearchSpace space;
        private final long seed;
        private final List<History.Observation> done = new ArrayList<>();
        private Map<String, Object> asked;

        Knobs(SearchAlgorithm search, SearchSpace space, long seed) {
            this.search = search;
            this.space = space;
            this.seed = seed;
        }

        @Override
        public Map<String, Object> ask() {
            History history = new History(done, List.of(), false);
            asked = search.suggest(space, seed, done.size() + 1, history).orElseThrow();
            return asked;
        }

        @Override
        public void tell(double value) {
            done.add(new History.Observation(asked, value));
        }
    }
}
