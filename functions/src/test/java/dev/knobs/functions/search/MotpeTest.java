package dev.knobs.functions.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.domain.experiment.Pareto;
import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Knobs TPE with two objectives (MOTPE): it finds better fronts than random search. */
class MotpeTest {
    static final SearchSpace SPACE =
            SearchSpaceParser.parse("x = 0.0 ~ 1.0, y = 0.0 ~ 1.0, z = 0.0 ~ 1.0, w = 0.0 ~ 1.0");

    /**
     * ZDT1 in four variables, as an accuracy-vs-cost trade-off: the first value grows (to be
     * maximised, like accuracy), the second to be minimised.
     */
    static double[] evaluate(Map<String, Object> p) {
        double x = (Double) p.get("x");
        double g = 1 + 3 * ((Double) p.get("y") + (Double) p.get("z") + (Double) p.get("w"));
        return new double[] {1 - x, g * (1 - Math.sqrt(x / g))};
    }

    /** The hypervolume after {@code trials} trials, {@code inFlight} of them running at a time. */
    static double hypervolume(SearchAlgorithm search, long seed, int trials, int inFlight) {
        List<History.Observation> done = new ArrayList<>();
        List<Map<String, Object>> running = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        int n = 0;
        while (points.size() < trials) {
            while (running.size() < inFlight && n < trials) {
                History h = new History(done, running, List.of(), true, Objective.Goal.MINIMIZE);
                running.add(search.suggest(SPACE, seed, ++n, h).orElseThrow());
            }
            Map<String, Object> p = running.remove(0);
            double[] v = evaluate(p);
            done.add(new History.Observation(p, v[0], v[1]));
            points.add(new double[] {-v[0], v[1]});
        }
        return Pareto.hypervolume(points, new double[] {0.1, 11});
    }

    @Test
    void findsABetterFrontThanRandomSearchOneAtATimeAndWithTrialsInFlight() {
        for (int inFlight : new int[] {1, 4}) {
            double[] tpe = new double[11];
            double[] random = new double[11];
            for (int seed = 0; seed < tpe.length; seed++) {
                tpe[seed] = hypervolume(new TpeSearch(), seed, 60, inFlight);
                random[seed] = hypervolume(new RandomSearch(), seed, 60, inFlight);
            }
            assertThat(TpeSearchTest.median(tpe))
                    .as("%d in flight", inFlight)
                    .isGreaterThan(TpeSearchTest.median(random) + 0.5);
        }
    }

    @Test
    void aGoodTrialAloneOnItsStretchOfTheFrontWeighsMoreThanOneBesideAnother() {
        // maximise the first, minimise the second: (0.9, 9) and (0.89, 8.9) crowd one end,
        // (0.1, 1) is alone at the other
        List<History.Observation> good =
                List.of(
                        new History.Observation(Map.of("x", 0.9), 0.9, 9.0),
                        new History.Observation(Map.of("x", 0.89), 0.89, 8.9),
                        new History.Observation(Map.of("x", 0.1), 0.1, 1.0));
        History h = new History(good, List.of(), List.of(), true, Objective.Goal.MINIMIZE);
        double[] w = TpeSearch.goodWeights(h, good);
        assertThat(w[2]).isEqualTo(1.0);
        assertThat(w[0]).isLessThan(0.5).isGreaterThanOrEqualTo(0.1);
        assertThat(w[1]).isLessThan(0.5).isGreaterThanOrEqualTo(0.1);
        // one objective: every good trial weighs the same
        assertThat(TpeSearch.goodWeights(new History(good, List.of(), true), good)).isNull();
    }

    @Test
    void theGoodGroupIsTheFrontNotTheBestOnOneObjective() {
        // four trials: two on the front at its ends, one dominated, one best on the first value
        // only by a hair over a front member that is far better on the second
        List<History.Observation> done =
                List.of(
                        new History.Observation(Map.of("x", 0.9), 0.90, 50.0),
                        new History.Observation(Map.of("x", 0.1), 0.10, 1.0),
                        new History.Observation(Map.of("x", 0.5), 0.40, 60.0),
                        new History.Observation(Map.of("x", 0.89), 0.89, 5.0));
        History h = new History(done, List.of(), List.of(), true, Objective.Goal.MINIMIZE);
        List<History.Observation> ranked = TpeSearch.ranked(h, 3);
        assertThat(ranked.subList(0, 3))
                .extracting(o -> o.parameters().get("x"))
                .containsExactlyInAnyOrder(0.9, 0.1, 0.89);
        assertThat(ranked.get(3).parameters()).containsEntry("x", 0.5);
    }
}
