package dev.knobs.bench;

import dev.knobs.functions.stopping.MedianRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Future;

/**
 * Search quality side by side: the median best-so-far regret of each sampler over seeds, on six
 * problems, with 1 or more trials in flight — several asked before the first is told, then one told
 * (in a seeded random order) and one more asked each time, as a platform running trials in parallel
 * does. Regret is read at 25, 50 and 100 finished trials. Knobs is driven as the functions drive it
 * ({@link Study.Knobs}); Optuna through {@code optuna_runner.py}, with the objective evaluated here
 * for both.
 */
final class Quality {
    /** The samplers by their option names, with the names the tables give them. */
    static final Map<String, String> SAMPLERS = new LinkedHashMap<>();

    static {
        SAMPLERS.put("knobs-tpe", "Knobs TPE");
        SAMPLERS.put("knobs-random", "Knobs random");
        SAMPLERS.put("optuna-tpe-mv", "Optuna TPE multivariate + constant liar");
        SAMPLERS.put("optuna-tpe", "Optuna TPE univariate (3.1 default)");
        SAMPLERS.put("optuna-qmc", "Optuna QMC (Sobol)");
        SAMPLERS.put("optuna-cmaes", "Optuna CMA-ES");
    }

    /** The reference the goals are stated against, and the older one kept beside it. */
    static final String ANCHOR = "optuna-tpe-mv";

    static final String UNIVARIATE = "optuna-tpe";

    private final List<String> samplers;
    private final List<Integer> inFlight;
    private final int seeds;
    private final int trials;
    private final Path runner;

    Quality(List<String> samplers, List<Integer> inFlight, int seeds, int trials, Path runner) {
        for (String s : samplers) {
            if (!SAMPLERS.containsKey(s) && !Fronts.SAMPLERS.containsKey(s)) {
                throw new Benchmark.BadArgument(
                        "unknown sampler " + s + "; the samplers are " + SAMPLERS.keySet());
            }
        }
        // a multi-objective one (NSGA-II) is for Fronts only
        this.samplers = samplers.stream().filter(SAMPLERS::containsKey).toList();
        this.inFlight = inFlight;
        this.seeds = seeds;
        this.trials = trials;
        this.runner = runner;
    }

    /** One run's best value so far after each finished trial. */
    record Curve(
            String problem,
            String sampler,
            int inFlight,
            int seed,
            double[] best,
            double askSeconds) {}

    void run() throws Exception {
        String only = System.getProperty("knobs.bench.quality", "");
        boolean lowDimensional = only.strip().equalsIgnoreCase("low-dim");
        List<Problem> problems =
                new ArrayList<>(lowDimensional ? Functions.lowDimensional() : Functions.all());
        if (!lowDimensional) {
            // its training data is generated when it is made: only where it may run
            problems.add(new XGBoostTask());
        }
        if (!lowDimensional && !only.isBlank()) {
            // -Dknobs.bench.quality=branin,rosenbrock runs the problems whose names start so
            List<String> wanted = List.of(only.toLowerCase(Locale.ROOT).split(","));
            List<String> names = problems.stream().map(Problem::name).toList();
            problems.removeIf(p -> wanted.stream().noneMatch(w -> starts(p.name(), w.strip())));
            if (problems.isEmpty()) {
                throw new Benchmark.BadArgument(
                        "-Dknobs.bench.quality=" + only + " names none of " + names);
            }
        }
        Samplers runs = new Samplers(runner);
        List<Future<Curve>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (Problem p : problems) {
            for (int k : inFlight) {
                for (String sampler : samplers) {
                    for (int seed = 0; seed < seeds; seed++) {
                        int s = seed;
                        futures.add(
                                runs.submit(
                                        () -> {
                                            Problem mine = runs.local(p.name(), p::forThisThread);
                                            Study study = runs.study(sampler, mine.space(), s, 1);
                                            return curve(mine, sampler, s, k, study);
                                        }));
                    }
                }
            }
        }
        // problem → in flight → sampler → runs
        Map<String, Map<Integer, Map<String, List<Curve>>>> curves = new LinkedHashMap<>();
        for (Future<Curve> f : futures) {
            Curve c = f.get();
            curves.computeIfAbsent(c.problem(), x -> new LinkedHashMap<>())
                    .computeIfAbsent(c.inFlight(), x -> new LinkedHashMap<>())
                    .computeIfAbsent(c.sampler(), x -> new ArrayList<>())
                    .add(c);
        }
        runs.close();
        double minutes = (System.nanoTime() - start) / 60e9;
        print(problems, curves, minutes);
    }

    private void print(
            List<Problem> problems,
            Map<String, Map<Integer, Map<String, List<Curve>>>> curves,
            double minutes) {
        int[] at = checkpoints();
        System.out.printf(
                Locale.ROOT,
                "## Quality: median best-so-far regret over %d seeds, %d trials each, %s in flight"
                        + " (%.1f min)%n%n",
                seeds,
                trials,
                inFlight.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse(""),
                minutes);
        StringBuilder header = new StringBuilder("| problem | in flight | sampler |");
        StringBuilder rule = new StringBuilder("|---|---:|---|");
        for (int n : at) {
            header.append(" regret @").append(n).append(" |");
            rule.append("---:|");
        }
        System.out.println(header.append(" ask time / run |"));
        System.out.println(rule.append("---:|"));
        // problem → in flight → sampler → median regret at each checkpoint (of the runs below)
        Map<String, Map<Integer, Map<String, double[]>>> medians = new LinkedHashMap<>();
        // problem → in flight → sampler → regret [run, by seed][checkpoint]
        Map<String, Map<Integer, Map<String, double[][]>>> regrets = new LinkedHashMap<>();
        for (Problem p : problems) {
            Map<Integer, Map<String, List<Curve>>> byProblem = curves.get(p.name());
            double optimum =
                    p.optimum() != null
                            ? p.optimum()
                            : byProblem.values().stream()
                                    .flatMap(m -> m.values().stream())
                                    .flatMap(List::stream)
                                    .mapToDouble(c -> c.best()[c.best().length - 1])
                                    .min()
                                    .orElseThrow();
            for (int k : inFlight) {
                for (String sampler : samplers) {
                    List<Curve> runs = byProblem.get(k).get(sampler);
                    double[][] byRun =
                            runs.stream()
                                    .sorted(Comparator.comparingInt(Curve::seed))
                                    .map(c -> regrets(c, at, optimum))
                                    .toArray(double[][]::new);
                    double[] m = Samplers.columnMedians(byRun);
                    medians.computeIfAbsent(p.name(), x -> new LinkedHashMap<>())
                            .computeIfAbsent(k, x -> new LinkedHashMap<>())
                            .put(sampler, m);
                    regrets.computeIfAbsent(p.name(), x -> new LinkedHashMap<>())
                            .computeIfAbsent(k, x -> new LinkedHashMap<>())
                            .put(sampler, byRun);
                    StringBuilder row = Samplers.row(p.name(), k, SAMPLERS.get(sampler));
                    for (double v : m) {
                        row.append(' ').append(Benchmark.fmt(v)).append(" |");
                    }
                    double ask =
                            MedianRule.median(
                                    runs.stream().mapToDouble(Curve::askSeconds).toArray());
                    System.out.println(row.append(String.format(Locale.ROOT, " %.3f s |", ask)));
                }
            }
        }
        System.out.println();
        if (samplers.contains("knobs-tpe") && samplers.contains(ANCHOR)) {
            ratios(medians, ANCHOR, at, true);
            intervals(medians, regrets, ANCHOR, at);
        }
        if (samplers.contains("knobs-tpe") && samplers.contains(UNIVARIATE)) {
            ratios(medians, UNIVARIATE, at, false);
        }
    }

    /** The table of Knobs TPE / {@code against}, and — for the anchor — the goals. */
    private void ratios(
            Map<String, Map<Integer, Map<String, double[]>>> medians,
            String against,
            int[] at,
            boolean goals) {
        System.out.printf(
                "### Knobs TPE / %s (median regret ratio; ≤ 1.0: Knobs as good or better)%n%n",
                SAMPLERS.get(against));
        StringBuilder h = new StringBuilder("| problem | in flight |");
        StringBuilder r = new StringBuilder("|---|---:|");
        for (int n : at) {
            h.append(" @").append(n).append(" |");
            r.append("---:|");
        }
        System.out.println(h);
        System.out.println(r);
        int cells = 0;
        int met = 0;
        Map<Integer, List<Double>> atEnd = new LinkedHashMap<>();
        for (var problem : medians.entrySet()) {
            for (int k : inFlight) {
                Map<String, double[]> m = problem.getValue().get(k);
                StringBuilder row =
                        new StringBuilder(
                                String.format(Locale.ROOT, "| %s | %d |", problem.getKey(), k));
                for (int i = 0; i < at.length; i++) {
                    double ratio = Benchmark.ratio(m.get("knobs-tpe")[i], m.get(against)[i]);
                    row.append(String.format(Locale.ROOT, " %.2f |", ratio));
                    cells++;
                    met += ratio <= 1.0 ? 1 : 0;
                    if (i == at.length - 1) {
                        atEnd.computeIfAbsent(k, x -> new ArrayList<>()).add(ratio);
                    }
                }
                System.out.println(row);
            }
        }
        System.out.println();
        if (!goals) {
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "Goal: ratio ≤ 1.0 on every problem at every checkpoint and in-flight count — %d of"
                        + " %d cells (%s).%n%n",
                met,
                cells,
                met == cells ? "met" : "not met");
        for (var e : atEnd.entrySet()) {
            double median =
                    MedianRule.median(
                            e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf(
                    Locale.ROOT,
                    "Goal: median over problems at %d trials, %d in flight ≤ 0.6 — %.2f (%s).%n",
                    trials,
                    e.getKey(),
                    median,
                    median <= 0.6 ? "met" : "not met");
        }
        System.out.println();
    }

    static final int RESAMPLES = 2000;

    /** A run's regret at each checkpoint (after that many finished trials). */
    private static double[] regrets(Curve c, int[] at, double optimum) {
        return Arrays.stream(at).mapToDouble(n -> Math.max(0, c.best()[n - 1] - optimum)).toArray();
    }

    /**
     * Each cell above 1.0 against {@code against}, with the 90 % interval of its ratio from {@value
     * #RESAMPLES} bootstrap resamples of the seeds (paired: a resample takes both samplers' runs of
     * the same seeds, which share the order their trials finish in) — whether it is worse or 40
     * seeds' noise.
     */
    private void intervals(
            Map<String, Map<Integer, Map<String, double[]>>> medians,
            Map<String, Map<Integer, Map<String, double[][]>>> regrets,
            String against,
            int[] at) {
        List<String> lines = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(20_261_201L);
        for (var problem : medians.entrySet()) {
            for (int k : inFlight) {
                Map<String, double[]> m = problem.getValue().get(k);
                double[][] knobs = regrets.get(problem.getKey()).get(k).get("knobs-tpe");
                double[][] other = regrets.get(problem.getKey()).get(k).get(against);
                for (int i = 0; i < at.length; i++) {
                    double ratio = Benchmark.ratio(m.get("knobs-tpe")[i], m.get(against)[i]);
                    if (ratio <= 1.0 || knobs.length != other.length) {
                        continue;
                    }
                    double[] resampled = new double[RESAMPLES];
                    double[] a = new double[knobs.length];
                    double[] b = new double[other.length];
                    for (int r = 0; r < RESAMPLES; r++) {
                        for (int j = 0; j < a.length; j++) {
                            int seed = random.nextInt(a.length);
                            a[j] = knobs[seed][i];
                            b[j] = other[seed][i];
                        }
                        resampled[r] = Benchmark.ratio(MedianRule.median(a), MedianRule.median(b));
                    }
                    Arrays.sort(resampled);
                    lines.add(
                            String.format(
                                    Locale.ROOT,
                                    "- %s, %d in flight, @%d: %.2f (90 %% interval %.2f–%.2f)",
                                    problem.getKey(),
                                    k,
                                    at[i],
                                    ratio,
                                    resampled[(int) (0.05 * RESAMPLES)],
                                    resampled[(int) (0.95 * RESAMPLES) - 1]));
                }
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "Cells above 1.0, with the 90 %% interval of the ratio over %,d bootstrap resamples"
                        + " of the seeds:%n%n",
                RESAMPLES);
        lines.forEach(System.out::println);
        System.out.println();
    }

    private int[] checkpoints() {
        return Arrays.stream(new int[] {25, 50, 100})
                .map(n -> Math.min(n, trials))
                .distinct()
                .toArray();
    }

    private static boolean starts(String name, String prefix) {
        return name.toLowerCase(Locale.ROOT).startsWith(prefix);
    }

    /**
     * Runs a study to {@code trials} finished trials with {@code k} in flight: asks until k are
     * out, then tells one of them (chosen by a seeded random order, as trials of different lengths
     * finish) and asks again.
     */
    Curve curve(Problem p, String sampler, int seed, int k, Study study) {
        double[] best = new double[trials];
        double bestValue = Double.POSITIVE_INFINITY;
        Random order = new Random(seed * 1_000_003L + k);
        List<Study.Asked> flying = new ArrayList<>();
        long askNanos = 0;
        int asked = 0;
        for (int finished = 0; finished < trials; finished++) {
            while (flying.size() < k && asked < trials) {
                long t0 = System.nanoTime();
                flying.add(study.ask());
                askNanos += System.nanoTime() - t0;
                asked++;
            }
            Study.Asked done = flying.remove(order.nextInt(flying.size()));
            double value = p.evaluate(done.params());
            study.tell(done, value);
            bestValue = Math.min(bestValue, value);
            best[finished] = bestValue;
        }

        return new Curve(p.name(), sampler, k, seed, best, askNanos / 1e9);
    }
}
