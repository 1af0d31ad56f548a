package dev.knobs.functions.search;

import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every combination of every parameter's grid values, in a seeded order (so that a budget smaller
 * than the grid still covers it evenly). A real range without a step contributes {@value
 * #POINTS_PER_REAL_RANGE} points (evenly spaced, in log space when log-scaled); an integer range
 * contributes every step-th value up to {@value #MAX_INT_POINTS}, evenly thinned beyond.
 */
public final class GridSearch implements SearchAlgorithm {
    static final int POINTS_PER_REAL_RANGE = 5;
    static final int MAX_INT_POINTS = 20;

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public long size(SearchSpace space) {
        long size = 1;
        for (Parameter p : space.parameters()) {
            size = Math.multiplyExact(size, values(p).size());
        }
        return size;
    }

    @Override
    public Optional<Map<String, Object>> suggest(
            SearchSpace space, long seed, int trialNumber, History history) {
        long size = size(space);
        if (trialNumber < 1 || trialNumber > size) {
            return Optional.empty();
        }
        long index = permute(trialNumber - 1, size, seed);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            List<Object> grid = values(p);
            values.put(p.name(), grid.get((int) (index % grid.size())));
            index /= grid.size();
        }
        return Optional.of(values);
    }

    static List<Object> values(Parameter p) {
        List<Object> grid = new ArrayList<>();
        if (p instanceof Parameter.FloatRange f) {
            if (f.step() != null) {
                for (double x = f.low(); x <= f.high() + 1e-12; x += f.step()) {
                    grid.add(x);
                }
            } else {
                for (int k = 0; k < POINTS_PER_REAL_RANGE; k++) {
                    double u = (double) k / (POINTS_PER_REAL_RANGE - 1);
                    grid.add(
                            f.log()
                                    ? Math.exp(
                                            Math.log(f.low())
                                                    + u * (Math.log(f.high()) - Math.log(f.low())))
                                    : f.low() + u * (f.high() - f.low()));
                }
            }
        } else if (p instanceof Parameter.IntRange i) {
            long count = (i.high() - i.low()) / i.step() + 1;
            long stride = Math.max(1, (count + MAX_INT_POINTS - 1) / MAX_INT_POINTS);
            for (long k = 0; k < count; k += stride) {
                grid.add(i.low() + k * i.step());
            }
        } else if (p instanceof Parameter.Categorical c) {
            grid.addAll(c.choices());
        } else {
            grid.add(((Parameter.Fixed) p).value());
        }
        return grid;
    }

    /**
     * A seeded bijection on [0, size): an affine map {@code (a*i + b) mod size} with {@code a}
     * coprime to size, so every grid point is visited exactly once.
     */
    static long permute(long i, long size, long seed) {
        if (size <= 2) {
            return i;
        }
        long mixed = RandomSearch.mix(seed, -1);
        long a = 1 + Math.floorMod(mixed, size - 1);
        while (gcd(a, size) != 1) {
            a = a % (size - 1) + 1;
        }
        long b = Math.floorMod(mixed >>> 17, size);
        return (mulMod(a, i, size) + b) % size;
    }

    private static long mulMod(long a, long b, long m) {
        return java.math.BigInteger.valueOf(a)
                .multiply(java.math.BigInteger.valueOf(b))
                .mod(java.math.BigInteger.valueOf(m))
                .longValueExact();
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
