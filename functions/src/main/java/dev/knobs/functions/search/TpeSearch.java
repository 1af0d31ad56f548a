package dev.knobs.functions.search;

import dev.knobs.domain.experiment.Pareto;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen estimator (Bergstra et al., 2011) in its multivariate form (Falkner et
 * al., 2018): after a random start (a Latin hypercube: each range's tenths are shared out among its
 * first {@value #STARTUP_TRIALS} trials, one each) of twice as many trials as the space has
 * parameters, at least {@value #MIN_STARTUP_TRIALS} and at most {@value #STARTUP_TRIALS}, the
 * finished trials are split into the best γ (10 %, at most {@value #MAX_GOOD}) and the rest, and
 * each group becomes a Parzen density over the whole space — one kernel per trial, a product over
 * the parameters (truncated Gaussians, in log space for log-scaled ranges; smoothed choices for
 * categories), plus a broad prior kernel. Of {@value #CANDIDATES} candidates drawn from the good
 * density, the one with the highest ratio good/bad is suggested. Kernels over all parameters at
 * once keep what made a trial good together (a learning rate that works with that depth), which the
 * univariate form forgets.
 *
 * <p>Once three times the random start, at most {@value #REFINE_FROM}, trials have been asked
 * (finished or running, at least the random start's number finished), three trials of every {@value
 * #EXPLORE_EVERY} refine instead (the fourth still draws from the good density): their candidates
 * are drawn around the best trial so far, per dimension as far as the good trials lie from it
 * (their root-mean-square distance). The good trials' spread shrinks as they gather, so the steps
 * shrink with them — late refinement the good density alone, whose kernels cannot be narrower than
 * the range / (good trials + 1), does poorly in many dimensions. Categorical values stay those of
 * the best trial but for a 1/d chance each of a fresh draw. Once the random start has been asked
 * and {@value #MODEL_MIN_COMPLETED} trials have finished, every trial ranks its candidates by the
 * ratio less a {@link LocalModel}'s prediction — a quadratic fitted to the finished trials nearest
 * the best one, which sees the slope and the curvature there, where the ratio only sees resemblance
 * to the good trials (docs/adr/0009).
 *
 * <p>Trials still running count as bad ("constant liar"), so parallel slots explore instead of
 * piling onto one point; trials stopped early count as bad too. Running trials count towards the
 * random start as well (once {@value #MIN_COMPLETED} have finished), as Optuna's constant liar
 * counts them: with 8 in flight and a ten-trial start the densities take over after 10 asks, not
 * 17; and towards the local model and refinement, which with 8 in flight start at the 13th and the
 * 21st ask instead of the 18th and the 28th (docs/adr/0009). The good group is never larger than
 * the finished trials (with many running a tenth of those asked may be). Seeded per trial number:
 * the same history gives the same suggestion. Cost is linear in the number of finished trials.
 *
 * <p>With two objectives it is MOTPE (Ozaki et al., 2020; docs/adr/0021): the good group is the
 * best γ by Pareto front rank, the last rank cut greedily by hypervolume contribution, each good
 * kernel weighted by the hypervolume its trial alone adds, and the refinement step centres on a
 * good trial drawn at random — the front has no single best — in one trial of two, candidates
 * ranked by the density ratio alone (a model of one objective would pull the front towards one
 * end).
 */
public final class TpeSearch implements SearchAlgorithm {
    static final int STARTUP_TRIALS = 10;
    static final int MIN_STARTUP_TRIALS = 5;
    static final int MIN_COMPLETED = 2;
    static final int MODEL_MIN_COMPLETED = 5;
    static final int CANDIDATES = 24;
    static final int MAX_GOOD = 25;
    static final double GAMMA = 0.1;
    static final double PRIOR_WEIGHT = 1.0;
    static final int REFINE_FROM = 20;
    static final int EXPLORE_EVERY = 4;

    @Override
    public String name() {
        return "tpe";
    }

    @Override
    public long size(SearchSpace space) {
        return Long.MAX_VALUE;
    }

    @Override
    public boolean learns() {
        return true;
    }

    @Override
    public Optional<Map<String, Object>> suggest(
            SearchSpace space, long seed, int trialNumber, History history) {
        SplittableRandom random = new SplittableRandom(RandomSearch.mix(seed, trialNumber));
        Map<String, Object> values = new LinkedHashMap<>();
        int startup = startupTrials(space);
        if (history.completed().size() + history.pending().size() < startup
                || history.completed().size() < MIN_COMPLETED) {
            List<Parameter> ps = space.parameters();
            for (int d = 0; d < ps.size(); d++) {
                Parameter p = ps.get(d);
                values.put(
                        p.name(),
                        trialNumber >= 1 && trialNumber <= STARTUP_TRIALS
                                ? RandomSearch.at(p, latin(seed, d, trialNumber, random))
                                : RandomSearch.sample(p, random));
            }
            return Optional.of(values);
        }
        int total = history.completed().size() + history.pending().size();
        // a tenth of the trials asked, but no more than have finished (with many running)
        int good =
                Math.max(
                        1,
                        Math.min(
                                Math.min(MAX_GOOD, history.completed().size()),
                                (int) Math.ceil(GAMMA * total)));
        List<History.Observation> ranked = ranked(history, good);
        List<Map<String, Object>> below = new ArrayList<>();
        List<Map<String, Object>> above = new ArrayList<>(history.pending());
        above.addAll(history.pruned());
        for (int i = 0; i < ranked.size(); i++) {
            (i < good ? below : above).add(ranked.get(i).parameters());
        }
        List<Dimension> dims = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            if (!(p instanceof Parameter.Fixed)) {
                dims.add(Dimension.of(p));
            }
        }
        Mixture l = new Mixture(dims, below, goodWeights(history, ranked.subList(0, good)));
        Mixture g = new Mixture(dims, above, null);
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        Refinement around =
                refines(history, trialNumber, startup)
                        ? Refinement.of(dims, centred(ranked.subList(0, good), history, random))
                        : null;
        LocalModel model =
                // past the random start, so at least MIN_STARTUP_TRIALS have been asked
                history.completed().size() < MODEL_MIN_COMPLETED || history.twoObjectives()
                        ? null
                        : LocalModel.around(
                                dims, ranked.get(0), history.completed(), history.maximize());
        for (int i = 0; i < CANDIDATES; i++) {
            double[] x = around == null ? l.sample(random) : around.sample(random);
            double score =
                    l.logDensity(x) - g.logDensity(x) - (model == null ? 0 : model.predict(x));
            if (best == null || score > bestScore) {
                bestScore = score;
                best = x;
            }
        }
        int d = 0;
        for (Parameter p : space.parameters()) {
            if (p instanceof Parameter.Fixed f) {
                values.put(p.name(), f.value());
            } else {
                values.put(p.name(), dims.get(d).value(best[d]));
                d++;
            }
        }
        return Optional.of(values);
    }

    /**
     * How many trials the random start takes: twice the parameters searched (a fixed value is not
     * searched), at least {@value #MIN_STARTUP_TRIALS} and at most {@value #STARTUP_TRIALS}
     * (Optuna's TPE starts with 10 whatever the space, Ax's default strategy with max(5, d) Sobol
     * trials). Two parameters take 5: ten random trials would spend 40 % of a 25-trial budget where
     * five already show where to look (1,000 Branin seeds: regret @25 0.32 → 0.26 with one trial at
     * a time, 0.59 → 0.48 with four in flight; docs/adr/0009). Trials asked before {@value
     * #MIN_COMPLETED} have finished (a parallel start) still take the Latin hypercube's next
     * places, up to its {@value #STARTUP_TRIALS}.
     */
    static int startupTrials(SearchSpace space) {
        long searched =
                space.parameters().stream().filter(p -> !(p instanceof Parameter.Fixed)).count();
        return (int) Math.min(STARTUP_TRIALS, Math.max(MIN_STARTUP_TRIALS, 2 * searched));
    }

    /**
     * Trial {@code n}'s (1 to {@value #STARTUP_TRIALS}) quantile in dimension {@code d} of a Latin
     * hypercube over the random start: each dimension's range cut into {@value #STARTUP_TRIALS}
     * equal slices, dealt to the trials in an order shuffled per dimension from the experiment's
     * seed alone, and a uniform point within the slice. Ten independent draws leave some tenths of
     * a range empty and others doubled; this covers each once. Stateless, like the rest: trial n
     * needs only the seed and n (a trial asked again gets the same values).
     */
    static double latin(long seed, int d, int n, SplittableRandom random) {
        SplittableRandom shuffle = new SplittableRandom(RandomSearch.mix(seed ^ 0x4C48_5321L, d));
        int[] slices = new int[STARTUP_TRIALS];
        for (int i = 0; i < slices.length; i++) {
            slices[i] = i;
        }
        for (int i = slices.length - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = slices[i];
            slices[i] = slices[j];
            slices[j] = t;
        }
        return (slices[n - 1] + random.nextDouble()) / STARTUP_TRIALS;
    }

    /**
     * Whether this trial refines: once {@link #refineFrom} have been asked, finished or running (at
     * least the random start's {@code startup} finished), three of every {@value #EXPLORE_EVERY};
     * with two objectives once {@value #REFINE_FROM} have finished, one of two (refining harder
     * gained nothing on either two-objective benchmark problem: the front needs its spread more
     * than its best point needs polishing; counting running trials there was not measured).
     */
    static boolean refines(History history, int trialNumber, int startup) {
        int finished = history.completed().size();
        if (history.twoObjectives()) {
            return finished >= REFINE_FROM && trialNumber % 2 == 0;
        }
        if (finished + history.pending().size() < refineFrom(startup) || finished < startup) {
            return false;
        }
        return trialNumber % EXPLORE_EVERY != 0;
    }

    /**
     * How many trials are asked before refinement starts: three random starts' worth, at most
     * {@value #REFINE_FROM} — 15 over two parameters, 18 over three, 20 from four on. With few
     * parameters the densities find the best region sooner, and polishing it pays sooner (over
     * 1,000 seeds of Branin, six-hump camel and a 2-D Rosenbrock, regret @25 and @50 lower with one
     * and with four in flight; docs/adr/0009). In more dimensions refining from fewer than 20 asked
     * was worse (Rosenbrock-10 @25, one in flight).
     */
    static int refineFrom(int startup) {
        return Math.min(REFINE_FROM, 3 * startup);
    }

    /**
     * The finished trials, the good ones first: by objective value, or with two objectives by
     * Pareto front rank and, within the rank that splits good from bad, greedily by the hypervolume
     * each adds (MOTPE's split, Ozaki et al., 2020: the good group spreads along the front).
     */
    static List<History.Observation> ranked(History history, int good) {
        List<History.Observation> ranked = new ArrayList<>(history.completed());
        if (!history.twoObjectives()) {
            Comparator<History.Observation> better =
                    Comparator.comparingDouble(History.Observation::value);
            ranked.sort(history.maximize() ? better.reversed() : better);
            return ranked;
        }
        List<double[]> points = minimised(history, ranked);
        List<Integer> first = Pareto.goodFirst(points, Pareto.referenceBeyond(points), good);
        List<History.Observation> order = new ArrayList<>();
        boolean[] taken = new boolean[ranked.size()];
        for (int i : first) {
            order.add(ranked.get(i));
            taken[i] = true;
        }
        for (int i = 0; i < ranked.size(); i++) {
            if (!taken[i]) {
                order.add(ranked.get(i));
            }
        }
        return order;
    }

    /** Each observation's two values as minimised (a value to maximise negated). */
    private static List<double[]> minimised(History history, List<History.Observation> observed) {
        boolean maxSecond = history.second() == Objective.Goal.MAXIMIZE;
        return observed.stream()
                .map(
                        o ->
                                new double[] {
                                    history.maximize() ? -o.value() : o.value(),
                                    maxSecond ? -o.secondValue() : o.secondValue()
                                })
                .toList();
    }

    /**
     * With two objectives, how much each good trial's kernel weighs: by the hypervolume it alone
     * adds to the good group's (a trial at a lonely stretch of the front more than one beside
     * another), at least a tenth of the largest, as Optuna's MOTPE weighs them. Null (all alike)
     * for one objective.
     */
    static double[] goodWeights(History history, List<History.Observation> good) {
        if (!history.twoObjectives() || good.size() < 2) {
            return null;
        }
        List<double[]> points = minimised(history, good);
        double[] reference = Pareto.referenceBeyond(points);
        double all = Pareto.hypervolume(points, reference);
        double[] weights = new double[points.size()];
        double max = 0;
        for (int i = 0; i < points.size(); i++) {
            List<double[]> without = new ArrayList<>(points);
            without.remove(i);
            weights[i] = all - Pareto.hypervolume(without, reference);
            max = Math.max(max, weights[i]);
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] = max > 0 ? Math.max(weights[i] / max, 0.1) : 1;
        }
        return weights;
    }

    /**
     * The good trials with the one to refine around first: the best, or with two objectives one of
     * the good group drawn at random (the front has no single best; refining along all of it
     * improves it everywhere).
     */
    private static List<History.Observation> centred(
            List<History.Observation> good, History history, SplittableRandom random) {
        if (!history.twoObjectives() || good.size() < 2) {
            return good;
        }
        List<History.Observation> order = new ArrayList<>(good);
        order.add(0, order.remove(random.nextInt(order.size())));
        return order;
    }

    /**
     * Where a refining trial looks: around the best trial, per real dimension as far as the other
     * good trials lie from it (root-mean-square), at least 1/10,000 of the range.
     */
    record Refinement(List<Dimension> dims, double[] centre, double[] spread) {
        /** The refinement around the first of {@code good}; null when it lacks a value. */
        static Refinement of(List<Dimension> dims, List<History.Observation> good) {
            double[] centre = new double[dims.size()];
            double[] spread = new double[dims.size()];
            for (int d = 0; d < dims.size(); d++) {
                Dimension dim = dims.get(d);
                centre[d] = dim.internal(good.get(0).parameters().get(dim.p().name()));
                if (Double.isNaN(centre[d])) {
                    return null;
                }
                double sum = 0;
                for (History.Observation o : good.subList(1, good.size())) {
                    double v = dim.internal(o.parameters().get(dim.p().name()));
                    sum += Double.isNaN(v) ? 0 : (v - centre[d]) * (v - centre[d]);
                }
                spread[d] =
                        Math.max(
                                (dim.high() - dim.low()) * 1e-4,
                                Math.sqrt(sum / Math.max(1, good.size() - 1)));
            }
            return new Refinement(dims, centre, spread);
        }

        double[] sample(SplittableRandom random) {
            double[] x = new double[centre.length];
            for (int d = 0; d < x.length; d++) {
                Dimension dim = dims.get(d);
                if (dim.categorical()) {
                    x[d] =
                            random.nextDouble() < 1.0 / x.length
                                    ? random.nextInt(dim.choices())
                                    : centre[d];
                } else {
                    x[d] = Mixture.truncatedNormal(centre[d], spread[d], dim, random);
                }
            }
            return x;
        }
    }

    /**
     * One parameter as the densities see it: a real interval (log-scaled when asked, integers
     * widened by ±0.5) or a category index.
     */
    record Dimension(Parameter p, double low, double high, boolean log, int choices) {
        static Dimension of(Parameter p) {
            if (p instanceof Parameter.Categorical c) {
                return new Dimension(p, 0, 0, false, c.choices().size());
            }
            if (p instanceof Parameter.FloatRange f) {
                return f.log()
                        ? new Dimension(p, Math.log(f.low()), Math.log(f.high()), true, 0)
                        : new Dimension(p, f.low(), f.high(), false, 0);
            }
            Parameter.IntRange i = (Parameter.IntRange) p;
            return i.log()
                    ? new Dimension(
                            p, Math.log(i.low() - 0.5 + 1e-9), Math.log(i.high() + 0.5), true, 0)
                    : new Dimension(p, i.low() - 0.5, i.high() + 0.5, false, 0);
        }

        boolean categorical() {
            return choices > 0;
        }

        /** Where a trial's value sits in this dimension; NaN when it has none. */
        double internal(Object v) {
            if (categorical()) {
                int k = ((Parameter.Categorical) p).choices().indexOf(v);
                if (k < 0 && v != null) {
                    // numbers may come back from JSON as another type (1 vs 1.0)
                    List<Object> choices = ((Parameter.Categorical) p).choices();
                    for (int j = 0; j < choices.size() && k < 0; j++) {
                        if (String.valueOf(choices.get(j)).equals(String.valueOf(v))) {
                            k = j;
                        }
                    }
                }
                return k < 0 ? Double.NaN : k;
            }
            if (!(v instanceof Number n)) {
                return Double.NaN;
            }
            double x = n.doubleValue();
            return log ? Math.log(Math.max(x, 1e-300)) : x;
        }

        Object value(double internal) {
            if (categorical()) {
                return ((Parameter.Categorical) p).choices().get((int) internal);
            }
            double x = log ? Math.exp(internal) : internal;
            if (p instanceof Parameter.FloatRange f) {
                x = Math.max(f.low(), Math.min(f.high(), x));
                if (f.step() != null) {
                    x =
                            Math.min(
                                    f.high(),
                                    f.low() + Math.round((x - f.low()) / f.step()) * f.step());
                }
                return x;
            }
            Parameter.IntRange i = (Parameter.IntRange) p;
            long k = Math.round((Math.max(i.low(), Math.min(i.high(), x)) - i.low()) / i.step());
            return Math.min(i.high(), i.low() + k * i.step());
        }
    }

    /**
     * A mixture of product kernels, one per observation and one broad prior: per real dimension a
     * Gaussian truncated to the range with a shared bandwidth, per categorical dimension most of
     * the mass on the observed choice. Weights are equal.
     */
    static final class Mixture {
        private final List<Dimension> dims;
        private final int kernels;

        /** mu[d][k] (a category index for categorical dimensions). */
        private final double[][] mu;

        /** sigma[d][k], for real dimensions. */
        private final double[][] sigma;

        /** log of the normalising factor of kernel k in real dimension d. */
        private final double[][] logNorm;

        /** logProb[d][k][c], for categorical dimensions. */
        private final double[][][] logProb;

        /** log of each kernel's weight, the prior's last. */
        private final double[] logWeight;

        /** The weights' running sums, for drawing a kernel; null when all weigh the same. */
        private final double[] cumulative;

        /**
         * The mixture of {@code observations}, weighted by {@code weights} (relative, one each;
         * null: all alike), and the prior with weight {@value #PRIOR_WEIGHT}.
         */
        Mixture(List<Dimension> dims, List<Map<String, Object>> observations, double[] weights) {
            this.dims = dims;
            int n = observations.size();
            kernels = n + 1;
            logWeight = new double[kernels];
            double sum = PRIOR_WEIGHT;
            for (int k = 0; k < n; k++) {
                sum += weights == null ? 1 : weights[k];
            }
            cumulative = weights == null ? null : new double[kernels];
            double running = 0;
            for (int k = 0; k < kernels; k++) {
                double w = k == n ? PRIOR_WEIGHT : weights == null ? 1 : weights[k];
                logWeight[k] = Math.log(w / sum);
                running += w / sum;
                if (cumulative != null) {
                    cumulative[k] = running;
                }
            }
            int dn = dims.size();
            mu = new double[dn][kernels];
            sigma = new double[dn][kernels];
            logNorm = new double[dn][kernels];
            logProb = new double[dn][][];
            for (int d = 0; d < dn; d++) {
                Dimension dim = dims.get(d);
                if (dim.categorical()) {
                    int c = dim.choices();
                    logProb[d] = new double[kernels][c];
                    for (int k = 0; k < kernels; k++) {
                        double own =
                                k < n ? dim.internal(observations.get(k).get(dim.p().name())) : -1;
                        boolean known = !Double.isNaN(own) && own >= 0;
                        for (int j = 0; j < c; j++) {
                            double w = PRIOR_WEIGHT / c + (known && j == (int) own ? 1 : 0);
                            logProb[d][k][j] = Math.log(w / (PRIOR_WEIGHT + (known ? 1 : 0)));
                        }
                        mu[d][k] = known ? own : -1;
                    }
                    continue;
                }
                double range = dim.high() - dim.low();
                for (int k = 0; k < kernels; k++) {
                    double m =
                            k < n
                                    ? dim.internal(observations.get(k).get(dim.p().name()))
                                    : Double.NaN;
                    mu[d][k] = Double.isNaN(m) ? Double.NaN : clamp(m, dim);
                }
                double[] bandwidth = bandwidths(mu[d], dim, range);
                for (int k = 0; k < kernels; k++) {
                    boolean prior = Double.isNaN(mu[d][k]);
                    mu[d][k] = prior ? (dim.low() + dim.high()) / 2 : mu[d][k];
                    sigma[d][k] = prior ? range : bandwidth[k];
                    double mass =
                            phi((dim.high() - mu[d][k]) / sigma[d][k])
                                    - phi((dim.low() - mu[d][k]) / sigma[d][k]);
                    logNorm[d][k] =
                            -Math.log(sigma[d][k] * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
                }
            }
        }

        /**
         * Each kernel's bandwidth in one real dimension: the wider of the gaps to its neighbours
         * among the group's values and the prior's centre (so kernels are narrow where good trials
         * crowd, wide where they are sparse), clipped to [range / min(100, 1 + kernels), range].
         */
        private static double[] bandwidths(double[] values, Dimension dim, double range) {
            int k = values.length;
            double[] points = new double[k];
            Integer[] order = new Integer[k];
            for (int i = 0; i < k; i++) {
                order[i] = i;
            }
            for (int i = 0; i < k; i++) {
                points[i] = Double.isNaN(values[i]) ? (dim.low() + dim.high()) / 2 : values[i];
            }
            java.util.Arrays.sort(order, Comparator.comparingDouble(i -> points[i]));
            double min = range / Math.min(100.0, 1.0 + k);
            double[] result = new double[k];
            for (int r = 0; r < k; r++) {
                double left = r > 0 ? points[order[r]] - points[order[r - 1]] : Double.NaN;
                double right = r < k - 1 ? points[order[r + 1]] - points[order[r]] : Double.NaN;
                double gap =
                        Double.isNaN(left)
                                ? (Double.isNaN(right) ? range : right)
                                : (Double.isNaN(right) ? left : Math.max(left, right));
                result[order[r]] = Math.max(min, Math.min(range, gap));
            }
            return result;
        }

        private static double clamp(double x, Dimension dim) {
            return Math.max(dim.low(), Math.min(dim.high(), x));
        }

        double[] sample(SplittableRandom random) {
            int k = cumulative == null ? random.nextInt(kernels) : kernel(random.nextDouble());
            double[] x = new double[dims.size()];
            for (int d = 0; d < x.length; d++) {
                Dimension dim = dims.get(d);
                if (dim.categorical()) {
                    double u = random.nextDouble();
                    int c = 0;
                    for (; c < dim.choices() - 1; c++) {
                        u -= Math.exp(logProb[d][k][c]);
                        if (u <= 0) {
                            break;
                        }
                    }
                    x[d] = c;
                } else {
                    x[d] = truncatedNormal(mu[d][k], sigma[d][k], dim, random);
                }
            }
            return x;
        }

        private int kernel(double u) {
            for (int k = 0; k < kernels - 1; k++) {
                if (u < cumulative[k]) {
                    return k;
                }
            }
            return kernels - 1;
        }

        static double truncatedNormal(
                double mu, double sigma, Dimension dim, SplittableRandom random) {
            for (int attempt = 0; attempt < 100; attempt++) {
                double x = mu + sigma * gaussian(random);
                if (x >= dim.low() && x <= dim.high()) {
                    return x;
                }
            }
            return clamp(mu, dim);
        }

        double logDensity(double[] x) {
            double[] terms = new double[kernels];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < kernels; k++) {
                double t = logWeight[k];
                for (int d = 0; d < x.length; d++) {
                    if (dims.get(d).categorical()) {
                        t += logProb[d][k][(int) x[d]];
                    } else {
                        double z = (x[d] - mu[d][k]) / sigma[d][k];
                        t += logNorm[d][k] - 0.5 * z * z;
                    }
                }
                terms[k] = t;
                max = Math.max(max, t);
            }
            double sum = 0;
            for (double t : terms) {
                sum += Math.exp(t - max);
            }
            return max + Math.log(sum);
        }

        private static double gaussian(SplittableRandom random) {
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
    }

    /** The standard normal CDF, from erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double phi(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf =
                1
                        - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736)
                                                * t
                                        + 0.254829592)
                                * t
                                * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
