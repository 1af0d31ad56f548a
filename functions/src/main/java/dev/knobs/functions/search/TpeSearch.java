package dev.knobs.functions.search;

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
 * Tree-structured Parzen estimator (Bergstra et al., 2011), univariate: after {@value
 * #STARTUP_TRIALS} random trials, the finished trials are split into the best γ (at most {@value
 * #MAX_GOOD}) and the rest; each parameter gets a Parzen density from each group (truncated
 * Gaussians in log space for log-scaled ranges, smoothed counts for categories, plus a prior), and
 * of {@value #CANDIDATES} candidates drawn from the good density the one with the highest density
 * ratio good/bad is suggested. Trials still running count as bad ("constant liar"), so parallel
 * slots explore instead of piling onto one point; trials stopped early count as bad too. Seeded per
 * trial number: the same history gives the same suggestion. Cost is linear in the number of
 * finished trials.
 */
public final class TpeSearch implements SearchAlgorithm {
    static final int STARTUP_TRIALS = 10;
    static final int CANDIDATES = 24;
    static final int MAX_GOOD = 25;
    static final double GAMMA = 0.1;
    static final double PRIOR_WEIGHT = 1.0;

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
        if (history.completed().size() < STARTUP_TRIALS) {
            space.parameters().forEach(p -> values.put(p.name(), RandomSearch.sample(p, random)));
            return Optional.of(values);
        }
        Comparator<History.Observation> better =
                Comparator.comparingDouble(History.Observation::value);
        List<History.Observation> ranked = new ArrayList<>(history.completed());
        ranked.sort(history.maximize() ? better.reversed() : better);
        int total = ranked.size() + history.pending().size();
        int good = Math.max(1, Math.min(MAX_GOOD, (int) Math.ceil(GAMMA * total)));
        List<Map<String, Object>> below = new ArrayList<>();
        List<Map<String, Object>> above = new ArrayList<>(history.pending());
        above.addAll(history.pruned());
        for (int i = 0; i < ranked.size(); i++) {
            (i < good ? below : above).add(ranked.get(i).parameters());
        }
        for (Parameter p : space.parameters()) {
            values.put(p.name(), suggest(p, below, above, random));
        }
        return Optional.of(values);
    }

    static Object suggest(
            Parameter p,
            List<Map<String, Object>> below,
            List<Map<String, Object>> above,
            SplittableRandom random) {
        if (p instanceof Parameter.Fixed f) {
            return f.value();
        }
        if (p instanceof Parameter.Categorical c) {
            return categorical(c, below, above, random);
        }
        Numeric n = Numeric.of(p);
        Parzen good = new Parzen(n.observed(below), n.low, n.high);
        Parzen bad = new Parzen(n.observed(above), n.low, n.high);
        double best = good.sample(random);
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CANDIDATES; i++) {
            double x = i == 0 ? best : good.sample(random);
            double score = good.logDensity(x) - bad.logDensity(x);
            if (score > bestScore) {
                bestScore = score;
                best = x;
            }
        }
        return n.value(best);
    }

    private static Object categorical(
            Parameter.Categorical c,
            List<Map<String, Object>> below,
            List<Map<String, Object>> above,
            SplittableRandom random) {
        double[] good = counts(c, below);
        double[] bad = counts(c, above);
        double goodTotal = sum(good);
        double badTotal = sum(bad);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CANDIDATES; i++) {
            int k = draw(good, goodTotal, random);
            double score = Math.log(good[k] / goodTotal) - Math.log(bad[k] / badTotal);
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return c.choices().get(best);
    }

    private static double[] counts(Parameter.Categorical c, List<Map<String, Object>> trials) {
        double[] w = new double[c.choices().size()];
        java.util.Arrays.fill(w, PRIOR_WEIGHT / w.length);
        for (Map<String, Object> t : trials) {
            int k = c.choices().indexOf(t.get(c.name()));
            if (k >= 0) {
                w[k] += 1;
            }
        }
        return w;
    }

    private static int draw(double[] weights, double total, SplittableRandom random) {
        double u = random.nextDouble() * total;
        for (int k = 0; k < weights.length; k++) {
            u -= weights[k];
            if (u <= 0) {
                return k;
            }
        }
        return weights.length - 1;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }

    /**
     * A numeric parameter in the space the densities live in: log-scaled when asked, integers
     * widened by ±0.5.
     */
    private record Numeric(Parameter p, double low, double high, boolean log) {
        static Numeric of(Parameter p) {
            if (p instanceof Parameter.FloatRange f) {
                return f.log()
                        ? new Numeric(p, Math.log(f.low()), Math.log(f.high()), true)
                        : new Numeric(p, f.low(), f.high(), false);
            }
            Parameter.IntRange i = (Parameter.IntRange) p;
            return i.log()
                    ? new Numeric(p, Math.log(i.low() - 0.5 + 1e-9), Math.log(i.high() + 0.5), true)
                    : new Numeric(p, i.low() - 0.5, i.high() + 0.5, false);
        }

        double[] observed(List<Map<String, Object>> trials) {
            return trials.stream()
                    .map(t -> t.get(p.name()))
                    .filter(v -> v instanceof Number)
                    .mapToDouble(
                            v -> {
                                double x = ((Number) v).doubleValue();
                                return log ? Math.log(Math.max(x, 1e-300)) : x;
                            })
                    .toArray();
        }

        Object value(double internal) {
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
     * A mixture of Gaussians truncated to [low, high], one per observation (bandwidth from its
     * neighbours, clipped to a sensible range) and one wide prior in the middle.
     */
    static final class Parzen {
        private final double[] mu;
        private final double[] sigma;
        private final double[] weight;
        /** weight / (σ √(2π) · mass inside [low, high]), per component. */
        private final double[] coefficient;

        private final double low;
        private final double high;

        Parzen(double[] observations, double low, double high) {
            this.low = low;
            this.high = high;
            double range = high - low;
            int n = observations.length;
            double[] sorted = observations.clone();
            java.util.Arrays.sort(sorted);
            mu = new double[n + 1];
            sigma = new double[n + 1];
            weight = new double[n + 1];
            double minSigma = range / Math.min(100.0, 1.0 + n);
            for (int i = 0; i < n; i++) {
                double left = i == 0 ? sorted[i] - low : sorted[i] - sorted[i - 1];
                double right = i == n - 1 ? high - sorted[i] : sorted[i + 1] - sorted[i];
                mu[i] = sorted[i];
                sigma[i] = Math.max(minSigma, Math.min(range, Math.max(left, right)));
                weight[i] = 1.0;
            }
            mu[n] = (low + high) / 2;
            sigma[n] = range;
            weight[n] = PRIOR_WEIGHT;
            double total = sum(weight);
            coefficient = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                weight[i] /= total;
                double mass = phi((high - mu[i]) / sigma[i]) - phi((low - mu[i]) / sigma[i]);
                coefficient[i] =
                        weight[i] / (sigma[i] * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
            }
        }

        double sample(SplittableRandom random) {
            int k = draw(weight, 1.0, random);
            for (int attempt = 0; attempt < 100; attempt++) {
                double x = mu[k] + sigma[k] * gaussian(random);
                if (x >= low && x <= high) {
                    return x;
                }
            }
            return Math.max(low, Math.min(high, mu[k]));
        }

        double logDensity(double x) {
            double p = 0;
            for (int i = 0; i < mu.length; i++) {
                double z = (x - mu[i]) / sigma[i];
                if (z > -40 && z < 40) {
                    p += coefficient[i] * Math.exp(-0.5 * z * z);
                }
            }
            return Math.log(Math.max(p, 1e-300));
        }

        private static double gaussian(SplittableRandom random) {
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }

        /** The standard normal CDF, from erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
        static double phi(double z) {
            double x = Math.abs(z) / Math.sqrt(2);
            double t = 1 / (1 + 0.3275911 * x);
            double erf =
                    1
                            - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t
                                                            - 0.284496736)
                                                    * t
                                            + 0.254829592)
                                    * t
                                    * Math.exp(-x * x);
            return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
        }
    }
}
