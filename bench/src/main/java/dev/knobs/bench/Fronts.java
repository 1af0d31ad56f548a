package dev.knobs.bench;

import dev.knobs.domain.experiment.Pareto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

/**
 * Multi-objective search side by side: the median hypervolume of the points each sampler found, at
 * 25, 50 and 100 finished trials, over seeds, on ZDT1 and on a real XGBoost accuracy-vs-model-size
 * task, with 1 or more trials in flight (asked ahead and told in a seeded random order, as {@link
 * Quality} does). Knobs' TPE is driven as the functions drive it for an experiment with two
 * objectives (MOTPE); Optuna's TPE (multivariate with constant liar, and the 3.1 default) and
 * NSGA-II through {@code optuna_runner.py}. Higher hypervolume is better.
 */
final class Fronts {
    static final Map<String, String> SAMPLERS = new LinkedHashMap<>();

    static {
        SAMPLERS.put("knobs-tpe", "Knobs MOTPE");
        SAMPLERS.put("knobs-random", "Knobs random");
        SAMPLERS.put("optuna-tpe-mv", "Optuna MOTPE multivariate + constant liar");
        SAMPLERS.put("optuna-tpe", "Optuna MOTPE (3.1 default)");
        SAMPLERS.put("optuna-nsga2", "Optuna NSGA-II");
    }

    /** The samplers the goal is stated against. */
    static final List<String> ANCHORS = List.of("optuna-tpe-mv", "optuna-tpe", "optuna-nsga2");

    private final List<String> samplers;
    private final List<Integer> inFlight;
    private final int seeds;
    private final int trials;
    private final Path runner;

    Fronts(List<String> samplers, List<Integer> inFlight, int seeds, int trials, Path runner) {
        this.samplers = samplers.stream().filter(SAMPLERS::containsKey).toList();
        if (this.samplers.isEmpty()) {
            throw new Benchmark.BadArgument(
                    "no multi-objective sampler among "
                            + samplers
                            + "; they are "
                            + SAMPLERS.keySet());
        }
        this.inFlight = inFlight;
        this.seeds = seeds;
        this.trials = trials;
        this.runner = runner;
    }

    /** One run: every point it evaluated, in the order they finished. */
    record Run(String problem, String sampler, int inFlight, int seed, List<double[]> points) {}

    void run() throws Exception {
        // -Dknobs.bench.pareto=zdt1 (or xgboost) runs one problem only
        String only = System.getProperty("knobs.bench.pareto", "zdt1,xgboost");
        List<BiProblem> problems = new ArrayList<>();
        if (only.contains("zdt1")) {
            problems.add(new BiProblem.Zdt1());
        }
        if (only.contains("xgboost")) {
            problems.add(new BiProblem.XGBoostAccuracySize());
        }
        Samplers samplers = new Samplers(runner);
        List<Future<Run>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (BiProblem p : problems) {
            for (int k : inFlight) {
                for (String sampler : this.samplers) {
                    for (int seed = 0; seed < seeds; seed++) {
                        int s = seed;
                        futures.add(
                                samplers.submit(
                                        () -> {
                                            BiProblem mine =
                                                    samplers.local(p.name(), p::forThisThread);
                                            Study study =
                                                    samplers.study(sampler, mine.space(), s, 2);
                                            return run(mine, sampler, s, k, study);
                                        }));
                    }
                }
            }
        }
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (Future<Run> f : futures) {
            Run r = f.get();
            runs.computeIfAbsent(r.problem(), x -> new ArrayList<>()).add(r);
        }
        samplers.close();
        print(problems, runs, (System.nanoTime() - start) / 60e9);
    }

    /** Runs a study to {@code trials} finished trials with {@code k} in flight. */
    Run run(BiProblem p, String sampler, int seed, int k, Study study) {
        Random order = new Random(seed * 1_000_003L + k);
        List<Study.Asked> flying = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        int asked = 0;
        while (points.size() < trials) {
            while (flying.size() < k && asked < trials) {
                flying.add(study.ask());
                asked++;
            }
            Study.Asked done = flying.remove(order.nextInt(flying.size()));
            double[] values = p.evaluate(done.params());
            study.tell(done, values);
            points.add(values);
        }
        return new Run(p.name(), sampler, k, seed, points);
    }

    private void print(List<BiProblem> problems, Map<String, List<Run>> runs, double minutes) {
        int[] at =
                java.util.Arrays.stream(new int[] {25, 50, 100})
                        .map(n -> Math.min(n, trials))
                        .distinct()
                        .toArray();
        System.out.printf(
                Locale.ROOT,
                "## Multi-objective: median hypervolume over %d seeds, %d trials each, %s in flight"
                        + " (%.1f min; higher is better)%n%n",
                seeds,
                trials,
                String.join(", ", inFlight.stream().map(String::valueOf).toList()),
                minutes);
        StringBuilder header = new StringBuilder("| problem | in flight | sampler |");
        StringBuilder rule = new StringBuilder("|---|---:|---|");
        for (int n : at) {
            header.append(" HV @").append(n).append(" |");
            rule.append("---:|");
        }
        System.out.println(header);
        System.out.println(rule);
        // problem → in flight → sampler → median HV at each checkpoint
        Map<String, Map<Integer, Map<String, double[]>>> medians = new LinkedHashMap<>();
        for (BiProblem p : problems) {
            List<Run> all = runs.get(p.name());
            double[] reference = p.reference();
            System.err.printf(
                    Locale.ROOT,
                    "%s: reference point (%s, %s)%n",
                    p.name(),
                    Benchmark.fmt(reference[0]),
                    Benchmark.fmt(reference[1]));
            for (int k : inFlight) {
                for (String sampler : samplers) {
                    double[] m =
                            Samplers.mediansAt(
                                    at,
                                    all.stream()
                                            .filter(
                                                    r ->
                                                            r.inFlight() == k
                                                                    && r.sampler().equals(sampler))
                                            .toList(),
                                    (r, n) ->
                                            Pareto.hypervolume(
                                                    r.points().subList(0, n), reference));
                    medians.computeIfAbsent(p.name(), x -> new LinkedHashMap<>())
                            .computeIfAbsent(k, x -> new LinkedHashMap<>())
                            .put(sampler, m);
                    StringBuilder row = Samplers.row(p.name(), k, SAMPLERS.get(sampler));
                    for (double v : m) {
                        row.append(String.format(Locale.ROOT, " %.4g |", v));
                    }
                    System.out.println(row);
                }
            }
        }
        System.out.println();
        if (!samplers.contains("knobs-tpe")) {
            return;
        }
        System.out.println(
                "### Knobs MOTPE / Optuna (median hypervolume ratio; ≥ 1.0: Knobs as good or"
                        + " better)\n");
        List<String> against = ANCHORS.stream().filter(samplers::contains).toList();
        StringBuilder h = new StringBuilder("| problem | in flight |");
        StringBuilder r = new StringBuilder("|---|---:|");
        for (String a : against) {
            for (int n : at) {
                h.append(" / ").append(SAMPLERS.get(a)).append(" @").append(n).append(" |");
                r.append("---:|");
            }
        }
        System.out.println(h);
        System.out.println(r);
        Map<String, Integer> met = new LinkedHashMap<>();
        int cells = 0;
        for (var problem : medians.entrySet()) {
            for (int k : inFlight) {
                Map<String, double[]> m = problem.getValue().get(k);
                StringBuilder row =
                        new StringBuilder(
                                String.format(Locale.ROOT, "| %s | %d |", problem.getKey(), k));
                for (String a : against) {
                    for (int i = 0; i < at.length; i++) {
                        double ratio = m.get("knobs-tpe")[i] / m.get(a)[i];
                        row.append(String.format(Locale.ROOT, " %.3f |", ratio));
                        if (i == at.length - 1) {
                            met.merge(a, ratio >= 1.0 ? 1 : 0, Integer::sum);
                        }
                    }
                }
                cells++;
                System.out.println(row);
            }
        }
        System.out.println();
        for (String a : against) {
            System.out.printf(
                    Locale.ROOT,
                    "Goal: hypervolume at %d trials ≥ %s, median over %d seeds — %d of %d"
                            + " problem × in-flight cells (%s).%n",
                    trials,
                    SAMPLERS.get(a),
                    seeds,
                    met.get(a),
                    cells,
                    met.get(a) == cells ? "met" : "not met");
        }
        System.out.println();
    }
}
