package dev.knobs.functions.search;

import dev.knobs.domain.space.Grids;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every combination of every parameter's grid values ({@link Grids}), in a seeded order (so that a
 * budget smaller than the grid still covers it evenly).
 */
public final class GridSearch implements SearchAlgorithm {

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public long size(SearchSpace space) {
        return Grids.combinations(space);
    }

    @Override
    public Optional<Map<String, Object>> suggest(
            SearchSpace space, long seed, int trialNumber, History history) {
        long size = size(space);
        if (trialNumber < 1 || trialNumber > size || size > Grids.MAX_COMBINATIONS) {
            return Optional.empty();
        }
        long index = permute(trialNumber - 1, size, seed);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            List<Object> grid = Grids.points(p);
            values.put(p.name(), grid.get((int) (index % grid.size())));
            index /= grid.size();
        }
        return Optional.of(values);
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
