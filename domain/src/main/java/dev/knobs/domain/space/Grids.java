package dev.knobs.domain.space;

import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * A search space as a grid: every parameter's grid values and their combinations, within limits a
 * person is told about at submission. A real range without a step gives {@value
 * #POINTS_PER_REAL_RANGE} points (evenly spaced, in log space when log-scaled), with a step every
 * step from low; an integer range every step-th value, evenly thinned past {@value
 * #MAX_INT_POINTS}. Counts are computed, never enumerated, and saturate instead of overflowing.
 */
public final class Grids {
    public static final int POINTS_PER_REAL_RANGE = 5;
    public static final int MAX_INT_POINTS = 20;

    /** The most grid values one parameter may have. */
    public static final long MAX_POINTS = 1_000;

    /** The most combinations a grid may have. */
    public static final long MAX_COMBINATIONS = 100_000;

    private Grids() {}

    /** How many grid values {@code p} has (saturating at {@link Long#MAX_VALUE}). */
    public static long count(Parameter p) {
        if (p instanceof Parameter.FloatRange f) {
            if (f.step() == null) {
                return POINTS_PER_REAL_RANGE;
            }
            double steps = Math.floor((f.high() - f.low()) / f.step() + 1e-9);
            return steps >= Long.MAX_VALUE - 1 ? Long.MAX_VALUE : (long) steps + 1;
        }
        if (p instanceof Parameter.IntRange i) {
            return Math.min(MAX_INT_POINTS, (i.high() - i.low()) / i.step() + 1);
        }
        if (p instanceof Parameter.Categorical c) {
            return c.choices().size();
        }
        return 1;
    }

    /** How many combinations the grid of {@code space} has (saturating). */
    public static long combinations(SearchSpace space) {
        long size = 1;
        for (Parameter p : space.parameters()) {
            long n = count(p);
            size = size > Long.MAX_VALUE / Math.max(1, n) ? Long.MAX_VALUE : size * n;
        }
        return size;
    }

    /** Refuses, with a sentence, a grid that is too large to search. */
    public static void check(SearchSpace space) {
        for (Parameter p : space.parameters()) {
            long n = count(p);
            if (n > MAX_POINTS) {
                throw new IllegalArgumentException(
                        "'"
                                + p.name()
                                + "' has "
                                + (n == Long.MAX_VALUE ? "too many" : String.valueOf(n))
                                + " values on a grid; a grid takes at most "
                                + MAX_POINTS
                                + " per parameter — use a larger step, or random or tpe search");
            }
        }
        long total = combinations(space);
        if (total > MAX_COMBINATIONS) {
            throw new IllegalArgumentException(
                    "this grid has "
                            + (total == Long.MAX_VALUE ? "too many" : String.valueOf(total))
                            + " combinations; a grid takes at most "
                            + MAX_COMBINATIONS
                            + " — fewer values, or random or tpe search");
        }
    }

    /** The grid values of {@code p} (within {@link #MAX_POINTS}: call {@link #check} first). */
    public static List<Object> points(Parameter p) {
        List<Object> grid = new ArrayList<>();
        if (p instanceof Parameter.FloatRange f) {
            long n = Math.min(count(p), MAX_POINTS);
            for (long k = 0; k < n; k++) {
                grid.add(
                        f.step() == null
                                ? spaced(f, k)
                                : Math.min(f.high(), f.low() + k * f.step()));
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

    private static double spaced(Parameter.FloatRange f, long k) {
        double u = (double) k / (POINTS_PER_REAL_RANGE - 1);
        return f.log()
                ? Math.exp(Math.log(f.low()) + u * (Math.log(f.high()) - Math.log(f.low())))
                : f.low() + u * (f.high() - f.low());
    }
}
