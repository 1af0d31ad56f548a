package dev.knobs.functions.search;

import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Independent uniform sampling (uniform in log space for log-scaled ranges). Trial n draws from its
 * own stream split from the seed, so its values do not depend on other trials.
 */
public final class RandomSearch implements SearchAlgorithm {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public long size(SearchSpace space) {
        return Long.MAX_VALUE;
    }

    @Override
    public Optional<Map<String, Object>> suggest(
            SearchSpace space, long seed, int trialNumber, History history) {
        SplittableRandom random = new SplittableRandom(mix(seed, trialNumber));
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            values.put(p.name(), sample(p, random));
        }
        return Optional.of(values);
    }

    static Object sample(Parameter p, SplittableRandom random) {
        return at(p, random.nextDouble());
    }

    /**
     * The value at quantile {@code u} (in [0, 1)) of the uniform distribution over {@code p}'s
     * range (in log space for log-scaled ranges; each integer and each choice an equal share).
     */
    static Object at(Parameter p, double u) {
        if (p instanceof Parameter.FloatRange f) {
            double x =
                    f.log()
                            ? Math.exp(
                                    Math.log(f.low())
                                            + u * (Math.log(f.high()) - Math.log(f.low())))
                            : f.low() + u * (f.high() - f.low());
            if (f.step() != null) {
                x = Math.min(f.high(), f.low() + Math.round((x - f.low()) / f.step()) * f.step());
            }
            return x;
        }
        if (p instanceof Parameter.IntRange i) {
            long count = (i.high() - i.low()) / i.step() + 1;
            if (i.log()) {
                double x =
                        Math.exp(
                                Math.log(i.low())
                                        + u * (Math.log(i.high() + 1.0) - Math.log(i.low())));
                long k = Math.min(count - 1, (long) Math.floor((x - i.low()) / i.step()));
                return i.low() + Math.max(0, k) * i.step();
            }
            return i.low() + Math.min(count - 1, (long) Math.floor(u * count)) * i.step();
        }
        if (p instanceof Parameter.Categorical c) {
            int n = c.choices().size();
            return c.choices().get(Math.min(n - 1, (int) Math.floor(u * n)));
        }
        return ((Parameter.Fixed) p).value();
    }

    /** A well-mixed 64-bit seed for (experiment seed, trial number): SplitMix64's finaliser. */
    static long mix(long seed, long n) {
        long z = seed * 0x9E3779B97F4A7C15L + n;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
