package dev.knobs.bench;

import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.SearchSpace;
import dev.knobs.functions.search.History;
import dev.knobs.functions.search.RandomSearch;
import dev.knobs.functions.search.TpeSearch;
import dev.knobs.functions.stopping.MedianRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The search benchmark, side by side in one run: quality ({@link Quality}: median best-so-far
 * regret of Knobs TPE, Knobs random and Optuna's samplers, with 1, 4 and 8 trials in flight),
 * suggestion cost at trial 1,000, and — with {@code overhead} — the platform's efficiency on
 * 1-second trials. Prints Markdown tables.
 *
 * <p>With {@code pareto}, the multi-objective search ({@link Fronts}: median hypervolume of Knobs'
 * MOTPE against Optuna's multi-objective TPE and NSGA-II on ZDT1 and an XGBoost accuracy-vs-size
 * task).
 *
 * <p>Arguments: {@code quality|pareto|cost|overhead|crash ...}, {@code --seeds N}, {@code --trials
 * N}, {@code --samplers knobs-tpe,optuna-tpe-mv,...}, {@code --in-flight 1,4,8}, {@code --runner
 * path/to/optuna_runner.py}, {@code --platform path/to/quarkus-run.jar} (overhead, crash), {@code
 * --crash-trials N}, {@code --crash-seed N}. {@code crash} is not in the default set: it kills
 * processes on purpose.
 */
public final class Benchmark {
    private List<String> samplers = allSamplers();
    private List<Integer> inFlight = List.of(1, 4, 8);

    private int seeds = 40;
    private int trials = 100;
    private Path runner = Path.of("bench/src/main/python/optuna_runner.py");
    private Path platform = Path.of("web/target/quarkus-app/quarkus-run.jar");

    /** Overhead runs as trials × in parallel: the everyday size, and at scale (issue 16). */
    private List<int[]> overheadRuns = List.of(new int[] {400, 8}, new int[] {2000, 16});

    private Integer overheadTrials;
    private Integer overheadParallel;
    private int crashTrials = 40;
    private Path baseline;
    private int rounds = 2;
    private long crashSeed = 1;
    private int servingSeconds = 8;
    private int webhookExperiments = 50;
    private final List<String> parts = new ArrayList<>();

    /** Every sampler of both the one- and the two-objective runs (each takes those it knows). */
    private static List<String> allSamplers() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(Quality.SAMPLERS.keySet());
        all.addAll(Fronts.SAMPLERS.keySet());
        return List.copyOf(all);
    }

    /** A wrong argument or property: main prints its sentence, not a stack trace. */
    static final class BadArgument extends IllegalArgumentException {
        BadArgument(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            run(parse(args));
        } catch (BadArgument e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    private static Benchmark parse(String[] args) {
        Benchmark b = new Benchmark();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--seeds" -> b.seeds = number(args, ++i);
                case "--trials" -> b.trials = number(args, ++i);
                case "--runner" -> b.runner = Path.of(value(args, ++i));
                case "--platform" -> b.platform = Path.of(value(args, ++i));
                case "--overhead-trials" -> b.overheadTrials = number(args, ++i);
                case "--overhead-parallel" -> b.overheadParallel = number(args, ++i);
                case "--samplers" -> b.samplers = List.of(value(args, ++i).split(","));
                case "--in-flight" -> {
                    i++;
                    List<Integer> counts = new ArrayList<>();
                    for (String count : value(args, i).split(",")) {
                        counts.add(number(option, count));
                    }
                    b.inFlight = counts;
                }
                case "--crash-trials" -> b.crashTrials = number(args, ++i);
                case "--crash-seed" -> b.crashSeed = parse(args[i], value(args, ++i));
                case "--baseline" -> b.baseline = Path.of(value(args, ++i));
                case "--rounds" -> b.rounds = number(args, ++i);
                case "--serving-seconds" -> b.servingSeconds = number(args, ++i);
                case "--webhook-experiments" -> b.webhookExperiments = number(args, ++i);
                default -> b.parts.add(option);
            }
        }
        return b;
    }

    /** The value after option {@code args[i - 1]}. */
    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new BadArgument(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int number(String[] args, int i) {
        return number(args[i - 1], value(args, i));
    }

    private static int number(String option, String text) {
        long n = parse(option, text);
        if (n != (int) n) {
            throw new BadArgument(option + " needs a smaller number than " + text);
        }
        return (int) n;
    }

    private static long parse(String option, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new BadArgument(option + " needs a number, not \"" + text + "\"");
        }
    }

    private static void run(Benchmark b) throws Exception {
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
            new Quality(b.samplers, b.inFlight, b.seeds, b.trials, b.runner).run();
        }
        if (b.parts.contains("pareto")) {
            new Fronts(b.samplers, b.inFlight, b.seeds, b.trials, b.runner).run();
        }
        if (b.parts.contains("cost")) {
            b.cost();
        }
        if (b.parts.contains("overhead")) {
            if (b.overheadTrials != null || b.overheadParallel != null) {
                b.overheadRuns =
                        List.of(
                                new int[] {
                                    b.overheadTrials == null ? 400 : b.overheadTrials,
                                    b.overheadParallel == null ? 8 : b.overheadParallel
                                });
            }
            for (int[] run : b.overheadRuns) {
                Overhead overhead = new Overhead(b.platform, run[0], run[1], 1.0);
                if (b.baseline == null) {
                    overhead.run();
                } else {
                    overhead.compare(b.baseline, b.rounds);
                }
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

    /**
     * Time to suggest trial 1,000 (drawn from the good density) and a refining trial (1,001–1,003)
     * in a space of 8 parameters, after 999 finished trials, against Optuna's TPE.
     */
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
        for (int i = 0; i < 20; i++) {
            tpe.suggest(space, 100 + i, 1000 + i % 4, h);
        }
        // trial 1,000 draws from the good density, 1,001–1,003 refine; both rank with the local
        // model
        int repeats = 30;
        double[] exploring = new double[repeats];
        double[] refining = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            tpe.suggest(space, i, 1000, h);
            exploring[i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            tpe.suggest(space, i, 1001 + i % 3, h);
            refining[i] = (System.nanoTime() - t0) / 1e9;
        }
        double[] optuna;
        try (OptunaProcess o = new OptunaProcess(runner)) {
            optuna = o.cost(space, history, 10).stream().mapToDouble(Double::doubleValue).toArray();
        }
        double e = MedianRule.median(exploring);
        double r = MedianRule.median(refining);
        double q = MedianRule.median(optuna);
        System.out.println("## Cost: suggesting trial 1,000 (8 parameters, 999 finished trials)");
        System.out.println();
        System.out.println("| sampler | median time to suggest | repeats |");
        System.out.println("|---|---:|---:|");
        System.out.printf(
                Locale.ROOT,
                "| Knobs TPE, a trial drawn from the good density (1 of 4) | %.3f ms | %d |%n",
                e * 1e3,
                repeats);
        System.out.printf(
                Locale.ROOT,
                "| Knobs TPE, a refining trial (3 of 4) | %.3f ms | %d |%n",
                r * 1e3,
                repeats);
        System.out.printf(Locale.ROOT, "| Optuna TPE | %.3f ms | %d |%n", q * 1e3, optuna.length);
        System.out.printf(
                Locale.ROOT,
                "%nKnobs TPE is %.1f× faster than Optuna TPE (its slower kind of trial).%n%n",
                q / Math.max(e, r));
    }
}
