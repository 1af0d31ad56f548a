package dev.knobs.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoTest {
    private static double[] p(double a, double b) {
        return new double[] {a, b};
    }

    @Test
    void ranksAreFrontsPeeledOneAfterAnother() {
        List<double[]> points =
                List.of(p(1, 5), p(2, 2), p(5, 1), p(3, 3), p(2, 6), p(6, 6), p(2, 2), p(1, 5.5));
        assertThat(Pareto.ranks(points)).containsExactly(0, 0, 0, 1, 2, 3, 0, 1);
        assertThat(Pareto.front(points)).containsExactly(0, 1, 2, 6);
        assertThat(Pareto.ranks(List.of(p(Double.NaN, 1), p(1, 1))))
                .containsExactly(Integer.MAX_VALUE, 0);
    }

    @Test
    void ranksAgreeWithTheDefinitionOnRandomPoints() {
        Random r = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                points.add(p(r.nextInt(10), r.nextInt(10)));
            }
            int[] rank = Pareto.ranks(points);
            for (int i = 0; i < points.size(); i++) {
                // rank k: dominated by some point of rank k-1, by none of rank >= k
                int best = -1;
                for (int j = 0; j < points.size(); j++) {
                    if (Pareto.dominates(points.get(j), points.get(i))) {
                        assertThat(rank[j]).isLessThan(rank[i]);
                        best = Math.max(best, rank[j]);
                    }
                }
                assertThat(rank[i]).isEqualTo(best + 1);
            }
        }
    }

    @Test
    void hypervolumeIsTheDominatedArea() {
        double[] ref = p(4, 4);
        assertThat(Pareto.hypervolume(List.of(p(1, 1)), ref)).isEqualTo(9);
        // a staircase: 3x1 + 2x1 + 1x1 (the dominated and the outside point add nothing)
        assertThat(Pareto.hypervolume(List.of(p(1, 3), p(2, 2), p(3, 1), p(3, 3), p(5, 0)), ref))
                .isCloseTo(6, within(1e-12));
        assertThat(Pareto.hypervolume(List.of(), ref)).isZero();
    }

    @Test
    void theGoodGroupTakesFrontsInOrderAndSpreadsAlongTheLastOne() {
        List<double[]> points =
                List.of(p(0, 10), p(1, 9), p(2, 8), p(5, 5), p(8, 2), p(9, 1), p(10, 0), p(6, 6));
        double[] ref = Pareto.referenceBeyond(points);
        assertThat(ref[0]).isCloseTo(11, within(1e-9));
        // all of the front first; the dominated one last
        List<Integer> all = Pareto.goodFirst(points, ref, 8);
        assertThat(all.get(7)).isEqualTo(7);
        // three of the front: the middle one adds most, then the two far ends, not neighbours
        List<Integer> three = Pareto.goodFirst(points, ref, 3);
        assertThat(three.get(0)).isEqualTo(3);
        assertThat(three).doesNotContain(7).hasSize(3);
        assertThat(three.subList(1, 3)).containsAnyOf(0, 1, 2).containsAnyOf(4, 5, 6);
    }
}
