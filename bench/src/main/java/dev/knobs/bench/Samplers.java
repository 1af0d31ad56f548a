package dev.knobs.bench;

import dev.knobs.eventing.payload.SearchSpace;
import dev.knobs.functions.search.RandomSearch;
import dev.knobs.functions.search.TpeSearch;
import dev.knobs.functions.stopping.MedianRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.ToDoubleBiFunction;

/**
 * Where the quality runs happen: one thread per core, each with its own Optuna process (started
 * when first needed) and its own copy of each problem (XGBoost caches per matrix), and the studies
 * by sampler name — {@code knobs-tpe}, {@code knobs-random}, {@code optuna-<runner's name>}.
 */
final class Samplers implements AutoCloseable {
    private final ExecutorService pool =
            Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final ThreadLocal<OptunaProcess> optuna;
    private final ThreadLocal<Map<String, Object>> problems = ThreadLocal.withInitial(HashMap::new);
    private final List<OptunaProcess> started = Collections.synchronizedList(new ArrayList<>());

    Samplers(Path runner) {
        optuna =
                ThreadLocal.withInitial(
                        () -> {
                            OptunaProcess o = new OptunaProcess(runner);
                            started.add(o);
                            return o;
                        });
    }

    <T> Future<T> submit(Callable<T> run) {
        return pool.submit(run);
    }

    /** This thread's copy of the problem named {@code name}. */
    @SuppressWarnings("unchecked")
    <P> P local(String name, Supplier<P> copy) {
        return (P) problems.get().computeIfAbsent(name, n -> copy.get());
    }

    /** A seeded study of {@code objectives} objectives (1 or 2) with the sampler named. */
    Study study(String sampler, SearchSpace space, long seed, int objectives) {
        if (sampler.startsWith("optuna-")) {
            return optuna.get()
                    .study(space, seed, sampler.substring("optuna-".length()), objectives);
        }
        return new Study.Knobs(
                sampler.equals("knobs-tpe") ? new TpeSearch() : new RandomSearch(),
                space,
                seed,
                objectives == 2);
    }

    /** The median over {@code runs} of {@code value(run, n)} at each checkpoint {@code n}. */
    static <R> double[] mediansAt(int[] at, List<R> runs, ToDoubleBiFunction<R, Integer> value) {
        return columnMedians(
                runs.stream()
                        .map(
                                r ->
                                        Arrays.stream(at)
                                                .mapToDouble(n -> value.applyAsDouble(r, n))
                                                .toArray())
                        .toArray(double[][]::new));
    }

    /** The median of each column of {@code rows} (one row per run, one column per checkpoint). */
    static double[] columnMedians(double[][] rows) {
        double[] m = new double[rows.length == 0 ? 0 : rows[0].length];
        for (int i = 0; i < m.length; i++) {
            int column = i;
            m[i] = MedianRule.median(Arrays.stream(rows).mapToDouble(r -> r[column]).toArray());
        }
        return m;
    }

    /** The start of a results table's row: the problem, trials in flight and the sampler. */
    static StringBuilder row(String problem, int inFlight, String sampler) {
        return new StringBuilder(
                String.format(Locale.ROOT, "| %s | %d | %s |", problem, inFlight, sampler));
    }

    @Override
    public void close() {
        pool.shutdown();
        started.forEach(OptunaProcess::close);
    }
}
