package dev.knobs.bench;

import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.SearchSpace;
import dev.knobs.functions.search.History;
import dev.knobs.functions.search.RandomSearch;
import dev.knobs.functions.search.TpeSearch;
import dev.knobs.functions.stopping.MedianRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The search benchmark, side by side in one run: quality (median best-so-far regret of Knobs TPE,
 * Knobs random and Optuna's TPESampler), suggestion cost at trial 1,000, and — with {@code
 * overhead} — the platform's efficiency on 1-second trials. Prints Markdown tables.
 *
 * <p>Arguments: {@code quality|cost|overhead|crash ...}, {@code --seeds N}, {@code --trials N},
 * {@code --runner path/to/optuna_runner.py}, {@code --platform path/to/quarkus-run.jar} (overhead,
 * crash), {@code --crash-trials N}, {@code --crash-seed N}. {@code crash} is not in the default
 * set: it kills processes on purpose.
 */
public final class Benchmark {
    static final String KNOBS_TPE = "Knobs TPE";
    static final String KNOBS_RANDOM = "Knobs random";
    static final String OPTUNA_TPE = "Optuna TPE";
    static final List<String> ALL_SAMPLERS = List.of(KNOBS_TPE, KNOBS_RANDOM, OPTUNA_TPE);

    private List<String> samplers = ALL_SAMPLERS;

    private int seeds = 20;
    private int trials = 100;
    private Path runner = Path.of("bench/src/main/python/optuna_runner.py");
    private Path platform = Path.of("web/target/quarkus-app/quarkus-run.jar");
    private int overheadTrials = 400;
    private int overheadParallel = 8;
    private int crashTrials = 40;
    private Path baseline;
    private int rounds = 2;
    private long crashSeed = 1;
    private int servingSeconds = 8;
    private int webhookExperiments = 50;
    private final List<String> parts = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Benchmark b = new Benchmark();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> b.seeds = Integer.parseInt(args[++i]);
                case "--trials" -> b.trials = Integer.parseInt(args[++i]);
                case "--runner" -> b.runner = Path.of(args[++i]);
                case "--platform" -> b.platform = Path.of(args[++i]);
                case "--overhead-trials" -> b.overheadTrials = Integer.parseInt(args[++i]);
                case "--overhead-parallel" -> b.overheadParallel = Integer.parseInt(args[++i]);
                case "--samplers" -> b.samplers = List.of(args[++i].split(","));
                case "--crash-trials" -> b.crashTrials = Integer.parseInt(args[++i]);
                case "--crash-seed" -> b.crashSeed = Long.parseLong(args[++i]);
                case "--baseline" -> b.baseline = Path.of(args[++i]);
                case "--rounds" -> b.rounds = Integer.parseInt(args[++i]);
                case "--serving-seconds" -> b.servingSeconds = Integer.parseInt(args[++i]);
                case "--webhook-experiments" -> b.webhookExperiments = Integer.parseInt(args[++i]);
                default -> b.parts.add(args[i]);
            }
        }
        if (b.parts.isEmpty()) {
            b.parts.addAll(List.of("quality", "cost", "overhead"));
        }
        System.out.printf(
                Locale.ROOT,
                "# Knobs search benchmark%n%nJava %s, %d cores; Optuna from %s%n%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                OptunaProcess.PYTHON);
        if (b.parts.contains("quality")) {
            b.quality();
        }
        if (b.parts.contains("cost")) {
            b.cost();
        }
        if (b.parts.contains("overhead")) {
            Overhead overhead = new Overhead(b.platform, b.overheadTrials, b.overheadParallel, 1.0);
            if (b.baseline == null) {
                overhead.run();
            } else {
                overhead.compare(b.baseline, b.rounds);
            }
        }
        if (b.parts.contains("serving")) {
            new Serving(b.platform, b.servingSeconds).run();
        }
        if (b.parts.contains("webhooks")) {
            new Webhooks(b.platform, b.webhookExperiments, 5).run();
        }
        if (b.parts.contains("crash")) {
            new Crash(
                            b.platform,
                            b.crashTrials,
                            3,
                            java.util.Map.of(
                                    Crash.Kind.PLATFORM, 5,
                                    Crash.Kind.FUNCTIONS, 3,
                                    Crash.Kind.TRIAL, 3),
                            b.crashSeed)
                    .run();
        }
        System.exit(0);
    }

    /** One run's best value so far after each trial. */
    record Curve(String problem, String sampler, int seed, double[] best, double askSeconds) {}

    void quality() throws Exception {
        List<Problem> problems = new ArrayList<>(Functions.all());
        problems.add(new XGBoostTask());
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadLocal<OptunaProcess> optuna =
                ThreadLocal.withInitial(() -> new OptunaProcess(runner));
        ThreadLocal<Map<String, Problem>> local = ThreadLocal.withInitial(HashMap::new);
        List<OptunaProcess> started = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<Curve>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (Problem p : problems) {
            for (String sampler : samplers) {
                for (int seed = 0; seed < seeds; seed++) {
                    int s = seed;
                    futures.add(
                            pool.submit(
                                    () -> {
                                        Problem mine =
                                                local.get()
                                                        .computeIfAbsent(
                                                                p.name(), n -> p.forThisThread());
                                        Study study;
                                        if (sampler.equals(OPTUNA_TPE)) {
                                            OptunaProcess o = optuna.get();
                                            if (!started.contains(o)) {
                                                started.add(o);
                                            }
                                            study = o.study(mine.space(), s);
                                        } else {
                                            study =
                                                    new Study.Knobs(
                                                            sampler.equals(KNOBS_TPE)
                                                                    ? new TpeSearch()
                                                                    : new RandomSearch(),
                                                            mine.space(),
                                                            s);
                                        }
                                        return run(mine, sampler, s, study);
                                    }));
                }
            }
        }
        Map<String, Map<String, List<Curve>>> curves = new LinkedHashMap<>();
        for (Future<Curve> f : futures) {
            Curve c = f.get();
            curves.computeIfAbsent(c.problem(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.sampler(), k -> new ArrayList<>())
                    .add(c);
        }
        pool.shutdown();
        started.forEach(OptunaProcess::close);
        double minutes = (System.nanoTime() - start) / 60e9;

        System.out.printf(
                Locale.ROOT,
                "## Quality: median best-so-far regret over %d seeds, %d trials each (%.1f min)%n%n",
                seeds,
                trials,
                minutes);
        int[] at = checkpoints();
        StringBuilder header = new StringBuilder("| problem | sampler |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (int n : at) {
            header.append(" regret @").append(n).append(" |");
            rule.append("---:|");
        }
        header.append(" ask time / run |");
        rule.append("---:|");
        System.out.println(header);
        System.out.println(rule);
        Map<String, double[]> ratios = new LinkedHashMap<>();
        for (Problem p : problems) {
            Map<String, List<Curve>> byProblem = curves.get(p.name());
            double optimum =
                    p.optimum() != null
                            ? p.optimum()
                            : byProblem.values().stream()
                                    .flatMap(List::stream)
                                    .mapToDouble(c -> c.best()[c.best().length - 1])
                                    .min()
                                    .orElseThrow();
            Map<String, double[]> medians = new LinkedHashMap<>();
            for (String sampler : samplers) {
                List<Curve> runs = byProblem.get(sampler);
                double[] m = new double[at.length];
                for (int i = 0; i < at.length; i++) {
                    int n = at[i];
                    m[i] =
                            MedianRule.median(
                                    runs.stream()
                                            .mapToDouble(
                                                    c -> Math.max(0, c.best()[n - 1] - optimum))
                                            .toArray());
                }
                medians.put(sampler, m);
                double ask =
                        MedianRule.median(runs.stream().mapToDouble(Curve::askSeconds).toArray());
                StringBuilder row =
                        new StringBuilder("| ")
                                .append(p.name())
                                .append(" | ")
                                .append(sampler)
                                .append(" |");
                for (double v : m) {
                    row.append(' ').append(fmt(v)).append(" |");
                }
                row.append(String.format(Locale.ROOT, " %.3f s |", ask));
                System.out.println(row);
            }
            if (medians.containsKey(KNOBS_TPE) && medians.containsKey(OPTUNA_TPE)) {
                double[] ratio = new double[at.length];
                for (int i = 0; i < at.length; i++) {
                    ratio[i] = ratio(medians.get(KNOBS_TPE)[i], medians.get(OPTUNA_TPE)[i]);
                }
                ratios.put(p.name(), ratio);
            }
        }
        System.out.println();
        System.out.println(
                "### Knobs TPE / Optuna TPE (median regret ratio; ≤ 1.0 means Knobs is as good or better)");
        System.out.println();
        StringBuilder h2 = new StringBuilder("| problem |");
        StringBuilder r2 = new StringBuilder("|---|");
        for (int n : at) {
            h2.append(" @").append(n).append(" |");
            r2.append("---:|");
        }
        System.out.println(h2);
        System.out.println(r2);
        int wins = 0;
        for (var e : ratios.entrySet()) {
            StringBuilder row = new StringBuilder("| ").append(e.getKey()).append(" |");
            for (double r : e.getValue()) {
                row.append(String.format(Locale.ROOT, " %.2f |", r));
            }
            System.out.println(row);
            if (e.getValue()[at.length - 1] <= 1.0) {
                wins++;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nKnobs TPE ≤ Optuna TPE at %d trials on %d of %d problems.%n%n",
                trials,
                wins,
                ratios.size());
    }

    private int[] checkpoints() {
        return Arrays.stream(new int[] {25, 50, 100})
                .map(n -> Math.min(n, trials))
                .distinct()
                .toArray();
    }

    private Curve run(Problem p, String sampler, int seed, Study study) {
        double[] best = new double[trials];
        double bestValue = Double.POSITIVE_INFINITY;
        long askNanos = 0;
        for (int i = 0; i < trials; i++) {
            long t0 = System.nanoTime();
            Map<String, Object> x = study.ask();
            askNanos += System.nanoTime() - t0;
            double value = p.evaluate(x);
            study.tell(value);
            bestValue = Math.min(bestValue, value);
            best[i] = bestValue;
        }
        return new Curve(p.name(), sampler, seed, best, askNanos / 1e9);
    }

    /** 0/0 counts as a tie. */
    static double ratio(double knobs, double optuna) {
        if (optuna == 0) {
            return knobs == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        return knobs / optuna;
    }

    static String fmt(double v) {
        return v == 0
                ? "0"
                : String.format(Locale.ROOT, v < 0.001 || v >= 1e4 ? "%.3e" : "%.4f", v);
    }

    /** Time to suggest trial 1,000 in a space of 8 parameters, after 999 finished trials. */
    void cost() {
        SearchSpace space =
                SearchSpaceParser.parse(
                        """
                        learning_rate = 0.0001 ~ 0.3 log
                        dropout = 0.0 ~ 0.6 float
                        momentum = 0.5 ~ 0.99
                        layers: 1..8
                        units = 16 ~ 1024 log
                        batch: 16..256 step 16
                        optimizer in [adam, sgd, rmsprop, adagrad]
                        activation in [relu, tanh, gelu]
                        """);
        RandomSearch random = new RandomSearch();
        List<History.Observation> done = new ArrayList<>();
        List<Map.Entry<Map<String, Object>, Double>> history = new ArrayList<>();
        for (int n = 1; n <= 999; n++) {
            Map<String, Object> x = random.suggest(space, 11, n, History.NONE).orElseThrow();
            double value =
                    Math.pow(Math.log10(Functions.num(x, "learning_rate")) + 2, 2)
                            + Functions.num(x, "dropout")
                            + Math.abs(Functions.num(x, "layers") - 3)
                            + ("adam".equals(x.get("optimizer")) ? 0 : 1);
            done.add(new History.Observation(x, value));
            history.add(Map.entry(x, value));
        }
        History h = new History(done, List.of(), false);
        TpeSearch tpe = new TpeSearch();
        int repeats = 30;
        for (int i = 0; i < 20; i++) {
            tpe.suggest(space, 100 + i, 1000, h);
        }
        double[] knobs = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            tpe.suggest(space, i, 1000, h);
            knobs[i] = (System.nanoTime() - t0) / 1e9;
        }
        double[] optuna;
        try (OptunaProcess o = new OptunaProcess(runner)) {
            optuna = o.cost(space, history, 10).stream().mapToDouble(Double::doubleValue).toArray();
        }
        double k = MedianRule.median(knobs);
        double q = MedianRule.median(optuna);
        System.out.println("## Cost: suggesting trial 1,000 (8 parameters, 999 finished trials)");
        System.out.println();
        System.out.println("| sampler | median time to suggest | repeats |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| Knobs TPE | %.3f ms | %d |%n", k * 1e3, repeats);
        System.out.printf(Locale.ROOT, "| Optuna TPE | %.3f ms | %d |%n", q * 1e3, optuna.length);
        System.out.printf(Locale.ROOT, "%nKnobs TPE is %.1f× faster than Optuna TPE.%n%n", q / k);
    }
}
