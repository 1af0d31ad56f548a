package dev.knobs.functions.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** {@code asked} random Branin trials (minimising), the first {@code finished} finished. */
    static History randomBranin(long seed, int asked, int finished) {
        List<History.Observation> done = new ArrayList<>();
        List<Map<String, Object>> running = new ArrayList<>();
        for (int n = 1; n <= asked; n++) {
            Map<String, Object> p =
                    new RandomSearch().suggest(BRANIN, seed, n, History.NONE).orElseThrow();
            if (n <= finished) {
                done.add(new History.Observation(p, branin(p)));
            } else {
                running.add(p);
            }
        }
        return new History(done, running, List.of(), false);
    }

    /**
     * How far a suggestion over x and y lies from (42, 17), where the refinement tests' best are.
     */
    static double fromBest(Map<String, Object> p) {
        return Math.hypot((Double) p.get("x") - 42, (Double) p.get("y") - 17);
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
    void threeTrialsOfFourRefineAroundTheBestWithStepsAsSmallAsTheGoodTrialsSpread() {
        SearchSpace space =
                SearchSpaceParser.parse("x = 0.0 ~ 100.0, y = 0.0 ~ 100.0, c in [a, b]");
        List<History.Observation> done = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        for (int n = 0; n < 30; n++) {
            // the three best lie within 0.1 of (42, 17); the rest anywhere
            boolean near = n < 3;
            double x = near ? 42 + 0.1 * n / 3 : random.nextDouble(100);
            double y = near ? 17 - 0.1 * n / 3 : random.nextDouble(100);
            done.add(new History.Observation(Map.of("x", x, "y", y, "c", "b"), near ? n : 10 + n));
        }
        History history = new History(done, List.of(), false);
        for (int trial = 31; trial <= 60; trial++) {
            if (trial % TpeSearch.EXPLORE_EVERY == 0) {
                continue;
            }
            Map<String, Object> p = new TpeSearch().suggest(space, 8, trial, history).orElseThrow();
            assertThat(fromBest(p)).as("refining trial %d: %s", trial, p).isLessThan(0.5);
        }
        // every fourth trial still samples the good density, whose kernels are at least range/5
        // wide
        double far = 0;
        for (int trial = 32; trial <= 60; trial += TpeSearch.EXPLORE_EVERY) {
            Map<String, Object> p = new TpeSearch().suggest(space, 8, trial, history).orElseThrow();
            far = Math.max(far, fromBest(p));
        }
        assertThat(far).isGreaterThan(0.5);
    }

    /**
     * Refinement starts once three random starts' worth of trials have been asked, at most 20 —
     * finished or running, at least a random start's worth finished: 15 over two parameters, 18
     * over three, 20 from four on.
     */
    @ParameterizedTest
    @CsvSource({"2, 15", "3, 18", "4, 20", "8, 20"})
    void refinementStartsAfterThreeRandomStartsAtMostTwenty(int parameters, int from) {
        SearchSpace space = cube(parameters);
        int startup = TpeSearch.startupTrials(space);
        assertThat(TpeSearch.refineFrom(startup)).isEqualTo(from);
        List<History.Observation> done = new ArrayList<>();
        List<Map<String, Object>> running = new ArrayList<>();
        for (int n = 1; n <= from; n++) {
            Map<String, Object> p =
                    new RandomSearch().suggest(space, 3, n, History.NONE).orElseThrow();
            done.add(new History.Observation(p, n));
            running.add(p);
        }
        int trial = 101; // not a multiple of EXPLORE_EVERY: a refining turn
        assertThat(trial % TpeSearch.EXPLORE_EVERY).isNotZero();
        assertThat(TpeSearch.refines(history(done.subList(0, from - 1), List.of()), trial, startup))
                .as("%d finished", from - 1)
                .isFalse();
        assertThat(TpeSearch.refines(history(done, List.of()), trial, startup))
                .as("%d finished", from)
                .isTrue();
        assertThat(
                        TpeSearch.refines(
                                history(done.subList(0, startup), running.subList(startup, from)),
                                trial,
                                startup))
                .as("%d finished and %d running", startup, from - startup)
                .isTrue();
        assertThat(
                        TpeSearch.refines(
                                history(
                                        done.subList(0, startup - 1),
                                        running.subList(startup - 1, from)),
                                trial,
                                startup))
                .as("fewer than a random start finished")
                .isFalse();
    }

    private static History history(
            List<History.Observation> done, List<Map<String, Object>> running) {
        return new History(done, running, List.of(), false);
    }

    /** x1 … xd, each 0 to 1. */
    private static SearchSpace cube(int parameters) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= parameters; i++) {
            text.append("x").append(i).append(" = 0.0 ~ 1.0\n");
        }
        return SearchSpaceParser.parse(text.toString());
    }

    /**
     * Running trials count towards refinement as they count towards the random start: with 12
     * finished and 8 running (20 asked, past the 15 that two parameters need), three trials of four
     * refine around the best; with the same 12 finished alone they do not yet.
     */
    @Test
    void runningTrialsCountTowardsRefinement() {
        SearchSpace space = SearchSpaceParser.parse("x = 0.0 ~ 100.0, y = 0.0 ~ 100.0");
        java.util.SplittableRandom random = new java.util.SplittableRandom(6);
        List<History.Observation> done = new ArrayList<>();
        List<Map<String, Object>> running = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            boolean near = n < 3;
            double x = near ? 42 + 0.1 * n / 3 : random.nextDouble(100);
            double y = near ? 17 - 0.1 * n / 3 : random.nextDouble(100);
            if (n < 12) {
                done.add(new History.Observation(Map.of("x", x, "y", y), near ? n : 10 + n));
            } else {
                running.add(Map.of("x", x, "y", y));
            }
        }
        double farWithRunning = 0;
        double farAlone = 0;
        for (int trial = 21; trial <= 40; trial++) {
            if (trial % TpeSearch.EXPLORE_EVERY == 0) {
                continue;
            }
            Map<String, Object> p =
                    new TpeSearch()
                            .suggest(space, 2, trial, new History(done, running, List.of(), false))
                            .orElseThrow();
            farWithRunning = Math.max(farWithRunning, fromBest(p));
            Map<String, Object> q =
                    new TpeSearch()
                            .suggest(space, 2, trial, new History(done, List.of(), false))
                            .orElseThrow();
            farAlone = Math.max(farAlone, fromBest(q));
        }
        assertThat(farWithRunning).as("12 finished, 8 running").isLessThan(0.5);
        assertThat(farAlone).as("12 finished").isGreaterThan(0.5);
    }

    /**
     * The random start is a Latin hypercube: over its ten trials every real range (a log range in
     * log space) has one value in each tenth, ten integers come up once each and two choices five
     * times each. Drawn independently, ten values would fall in ten different tenths in 0.04 % of
     * starts.
     */
    @Test
    void theRandomStartPutsOneTrialInEachTenthOfEveryRange() {
        SearchSpace space =
                SearchSpaceParser.parse(
                        "x = 0.0 ~ 1.0, lr = 0.0001 ~ 1.0 log, depth: 1..10, kind in [a, b]");
        List<Map<String, Object>> designs = new ArrayList<>();
        for (long seed : new long[] {0, 1, 42, -9}) {
            java.util.Set<Integer> x = new java.util.HashSet<>();
            java.util.Set<Integer> lr = new java.util.HashSet<>();
            java.util.Set<Object> depth = new java.util.HashSet<>();
            Map<Object, Integer> kind = new java.util.HashMap<>();
            for (int n = 1; n <= TpeSearch.STARTUP_TRIALS; n++) {
                Map<String, Object> p =
                        new TpeSearch().suggest(space, seed, n, History.NONE).orElseThrow();
                x.add((int) Math.floor((Double) p.get("x") * 10));
                lr.add((int) Math.floor((Math.log10((Double) p.get("lr")) + 4) / 4 * 10));
                depth.add(p.get("depth"));
                kind.merge(p.get("kind"), 1, Integer::sum);
                if (n == 1) {
                    designs.add(p);
                }
            }
            assertThat(x).as("tenths of x, seed %d", seed).hasSize(10);
            assertThat(lr).as("tenths of log lr, seed %d", seed).hasSize(10);
            assertThat(depth).as("depths, seed %d", seed).hasSize(10);
            assertThat(kind)
                    .as("choices, seed %d", seed)
                    .containsEntry("a", 5)
                    .containsEntry("b", 5);
        }
        assertThat(new java.util.HashSet<>(designs)).as("each seed its own design").hasSize(4);
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

    /**
     * Trials in flight count towards the random start, as Optuna's constant liar counts them: over
     * Branin's two parameters (a start of five) with three running, the densities take over once
     * five are asked and two have finished, not after seven asks.
     */
    @Test
    void runningTrialsCountTowardsTheRandomStartOnceTwoHaveFinished() {
        History asked = randomBranin(9, 5, 2);
        List<History.Observation> done = asked.completed();
        List<Map<String, Object>> running = asked.pending();
        TpeSearch tpe = new TpeSearch();
        var random = tpe.suggest(BRANIN, 1, 6, History.NONE);
        assertThat(tpe.suggest(BRANIN, 1, 6, new History(done, running, List.of(), false)))
                .as("2 finished and 3 running: the densities")
                .isNotEqualTo(random);
        assertThat(
                        tpe.suggest(
                                BRANIN,
                                1,
                                6,
                                new History(done.subList(0, 1), running, List.of(), false)))
                .as("1 finished: still random")
                .isEqualTo(random);
        assertThat(
                        tpe.suggest(
                                BRANIN,
                                1,
                                6,
                                new History(done, running.subList(0, 2), List.of(), false)))
                .as("4 asked: still random")
                .isEqualTo(random);
    }

    /**
     * The random start is twice the parameters searched, from 5 to 10 trials: the last trial of the
     * start is random (the same as with no history at all), the next one is not. A fixed value is
     * not searched and does not count.
     */
    @ParameterizedTest
    @CsvSource({"1, 5", "2, 5", "3, 6", "4, 8", "5, 10", "8, 10"})
    void theRandomStartGrowsWithTheParametersSearched(int parameters, int startup) {
        List<Parameter> withFixed = new ArrayList<>(cube(parameters).parameters());
        withFixed.add(new Parameter.Fixed("epochs", 20L));
        SearchSpace space = new SearchSpace(withFixed);
        assertThat(TpeSearch.startupTrials(space)).isEqualTo(startup);
        ToDoubleFunction<Map<String, Object>> bowl =
                p ->
                        p.values().stream()
                                .filter(Double.class::isInstance)
                                .mapToDouble(v -> ((Double) v - 0.3) * ((Double) v - 0.3))
                                .sum();
        TpeSearch tpe = new TpeSearch();
        List<History.Observation> done = new ArrayList<>();
        for (int n = 1; n <= startup + 1; n++) {
            History history = new History(done, List.of(), false);
            Map<String, Object> p = tpe.suggest(space, 4, n, history).orElseThrow();
            assertThat(p).containsEntry("epochs", 20L);
            if (n <= startup) {
                assertThat(Optional.of(p))
                        .as("trial %d", n)
                        .isEqualTo(tpe.suggest(space, 4, n, History.NONE));
            }
            if (n == startup + 1) {
                assertThat(Optional.of(p))
                        .as("trial %d, after the start", n)
                        .isNotEqualTo(tpe.suggest(space, 4, n, History.NONE));
            }
            done.add(new History.Observation(p, bowl.applyAsDouble(p)));
        }
    }

    /**
     * An experiment may run up to 256 trials at once: with two finished and 40 running, the good
     * group (a tenth of the 42 asked) would be larger than the finished trials it is taken from. It
     * is cut to them, and neither the local model (from five finished) nor refinement (from a
     * random start's worth finished, five over Branin's two parameters) acts on so few: the
     * suggestion comes from the good density.
     */
    @Test
    void manyRunningTrialsAndFewFinishedStillGiveASuggestion() {
        History history = randomBranin(3, 42, 2);
        for (int trial = 43; trial <= 50; trial++) {
            Map<String, Object> p =
                    new TpeSearch().suggest(BRANIN, 3, trial, history).orElseThrow();
            assertThat((Double) p.get("x")).isBetween(-5.0, 10.0);
            assertThat((Double) p.get("y")).isBetween(0.0, 15.0);
        }
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

    /**
     * From the end of the random start (10 finished: suggestions from the good density; or 10
     * asked, 6 of them finished) and while refining (40 finished: around the best trial), the local
     * model ranks the candidates: 175, 150 and 180 of the 200 suggestions are downhill, without it
     * 124, 116 and 90.
     */
    @ParameterizedTest
    @CsvSource({"10, 0", "6, 4", "40, 0"})
    void itsSuggestionsGoDownhillFromTheBestTrialWhichTheRatioAloneDoesNotSee(
            int finished, int running) {
        // a tilted plane in 8 dimensions: downhill is every coordinate smaller; the good trials
        // surround the best one, so only the local model tells which side of it is lower
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            text.append("x").append(i).append(" = -1.0 ~ 1.0\n");
        }
        SearchSpace space = SearchSpaceParser.parse(text.toString());
        ToDoubleFunction<Map<String, Object>> plane =
                p -> p.values().stream().mapToDouble(v -> (Double) v).sum();
        int downhill = 0;
        int asked = 0;
        for (int seed = 0; seed < 10; seed++) {
            List<History.Observation> done = new ArrayList<>();
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            for (int n = 0; n < finished; n++) {
                Map<String, Object> p = nearTheMiddle(random);
                done.add(new History.Observation(p, plane.applyAsDouble(p)));
            }
            List<Map<String, Object>> flying = new ArrayList<>();
            for (int n = 0; n < running; n++) {
                flying.add(nearTheMiddle(random));
            }
            double best = done.stream().mapToDouble(History.Observation::value).min().orElseThrow();
            History history = new History(done, flying, List.of(), false);
            for (int n = finished + running + 1; n <= finished + running + 20; n++) {
                Map<String, Object> p =
                        new TpeSearch().suggest(space, seed, n, history).orElseThrow();
                asked++;
                downhill += plane.applyAsDouble(p) < best ? 1 : 0;
            }
        }
        assertThat(downhill)
                .as("suggestions below the best trial's value, of %d", asked)
                .isGreaterThan(asked * 7 / 10);
    }

    /** A point of the tilted plane's eight coordinates, each within ±0.6 of the middle. */
    private static Map<String, Object> nearTheMiddle(java.util.SplittableRandom random) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= 8; i++) {
            p.put("x" + i, random.nextDouble() * 1.2 - 0.6);
        }
        return p;
    }
}
