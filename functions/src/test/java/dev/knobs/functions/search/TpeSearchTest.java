package dev.knobs.functions.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TpeSearchTest {
    static final SearchSpace BRANIN = SearchSpaceParser.parse("x = -5.0 ~ 10.0, y = 0.0 ~ 15.0");

    /** Branin-Hoo: minimum 0.397887 at three points. */
    static double branin(Map<String, Object> p) {
        double x = (Double) p.get("x");
        double y = (Double) p.get("y");
        double a = y - 5.1 / (4 * Math.PI * Math.PI) * x * x + 5 / Math.PI * x - 6;
        return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
    }

    /** Runs {@code trials} sequential trials and returns the best value found (minimising). */
    static double best(
            SearchAlgorithm search,
            SearchSpace space,
            ToDoubleFunction<Map<String, Object>> f,
            long seed,
            int trials) {
        List<History.Observation> done = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (int n = 1; n <= trials; n++) {
            Map<String, Object> p =
                    search.suggest(space, seed, n, new History(done, List.of(), false))
                            .orElseThrow();
            double v = f.applyAsDouble(p);
            done.add(new History.Observation(p, v));
            best = Math.min(best, v);
        }
        return best;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return (s[s.length / 2] + s[(s.length - 1) / 2]) / 2;
    }

    @Test
    void findsBetterBraninMinimaThanRandomSearchWithTheSameBudget() {
        double[] tpe = new double[15];
        double[] random = new double[15];
        for (int seed = 0; seed < tpe.length; seed++) {
            tpe[seed] = best(new TpeSearch(), BRANIN, TpeSearchTest::branin, seed, 60) - 0.397887;
            random[seed] =
                    best(new RandomSearch(), BRANIN, TpeSearchTest::branin, seed, 60) - 0.397887;
        }
        assertThat(median(tpe))
                .as("median regret, TPE vs random: %s vs %s", median(tpe), median(random))
                .isLessThan(median(random));
    }

    @Test
    void learnsWhichCategoryAndIntegerArePreferred() {
        SearchSpace space =
                SearchSpaceParser.parse("kind in [a, b, c], depth: 1..20, lr = 0.0001 ~ 1.0 log");
        ToDoubleFunction<Map<String, Object>> f =
                p ->
                        (p.get("kind").equals("b") ? 0 : 1)
                                + Math.abs((Long) p.get("depth") - 7) / 20.0
                                + Math.abs(Math.log10((Double) p.get("lr")) + 2) / 4;
        List<History.Observation> done = new ArrayList<>();
        int chosenB = 0;
        for (int n = 1; n <= 60; n++) {
            Map<String, Object> p =
                    new TpeSearch()
                            .suggest(space, 3, n, new History(done, List.of(), false))
                            .orElseThrow();
            assertThat((Long) p.get("depth")).isBetween(1L, 20L);
            assertThat((Double) p.get("lr")).isBetween(0.0001, 1.0);
            if (n > 30 && p.get("kind").equals("b")) {
                chosenB++;
            }
            done.add(new History.Observation(p, f.applyAsDouble(p)));
        }
        assertThat(chosenB).as("trials 31-60 that chose the better category").isGreaterThan(20);
    }

    @Test
    void theSameHistoryGivesTheSameSuggestionAndRunningTrialsCount() {
        List<History.Observation> done = new ArrayList<>();
        for (int n = 1; n <= 15; n++) {
            Map<String, Object> p =
                    new RandomSearch().suggest(BRANIN, 9, n, History.NONE).orElseThrow();
            done.add(new History.Observation(p, branin(p)));
        }
        History history = new History(done, List.of(), false);
        assertThat(new TpeSearch().suggest(BRANIN, 1, 16, history))
                .isEqualTo(new TpeSearch().suggest(BRANIN, 1, 16, history));
        Map<String, Object> first = new TpeSearch().suggest(BRANIN, 1, 16, history).orElseThrow();
        assertThat(new TpeSearch().suggest(BRANIN, 1, 16, history.withPending(first)))
                .isNotEqualTo(java.util.Optional.of(first));
    }

    @Test
    void maximisingPrefersHighValues() {
        SearchSpace space = SearchSpaceParser.parse("x = 0.0 ~ 1.0");
        List<History.Observation> done = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            Map<String, Object> p =
                    new TpeSearch()
                            .suggest(space, 5, n, new History(done, List.of(), true))
                            .orElseThrow();
            done.add(new History.Observation(p, (Double) p.get("x")));
        }
        double lateMean =
                done.subList(20, 40).stream()
                        .mapToDouble(History.Observation::value)
                        .average()
                        .orElseThrow();
        assertThat(lateMean).isGreaterThan(0.7);
    }
}
