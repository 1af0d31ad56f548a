package dev.knobs.domain.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Two-objective Pareto arithmetic, both objectives to be minimised (negate one that grows): which
 * points no other point beats on both (the front), the front after front ranking (non-dominated
 * sorting), and the hypervolume a set of points dominates up to a reference point — the area of
 * objective space the set is at least as good as, the standard measure of a front's quality. Used
 * by the search (which trials count as good), by the publishing rule and the pages (the front) and
 * by the benchmark (hypervolume).
 */
public final class Pareto {
    private Pareto() {}

    /**
     * True when {@code a} is at least as good as {@code b} on both objectives and better on one.
     */
    public static boolean dominates(double[] a, double[] b) {
        return a[0] <= b[0] && a[1] <= b[1] && (a[0] < b[0] || a[1] < b[1]);
    }

    /**
     * Each point's front rank: 0 for the points nothing dominates, 1 for those only rank-0 points
     * dominate, and so on. Points with a NaN are ranked last.
     */
    public static int[] ranks(List<double[]> points) {
        int n = points.size();
        int[] rank = new int[n];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (finite(points.get(i))) {
                order.add(i);
            } else {
                rank[i] = Integer.MAX_VALUE;
            }
        }
        // by the first objective: a point can only be dominated by those before it, and it joins
        // the first front whose latest (lowest second objective) point does not dominate it
        order.sort(
                Comparator.<Integer>comparingDouble(i -> points.get(i)[0])
                        .thenComparingDouble(i -> points.get(i)[1]));
        List<double[]> tails = new ArrayList<>();
        for (int i : order) {
            double[] p = points.get(i);
            int k = 0;
            while (k < tails.size() && dominates(tails.get(k), p)) {
                k++;
            }
            if (k == tails.size()) {
                tails.add(p);
            } else {
                tails.set(k, p);
            }
            rank[i] = k;
        }
        return rank;
    }

    /** The indices of the points no other point dominates, in their given order. */
    public static List<Integer> front(List<double[]> points) {
        int[] rank = ranks(points);
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < rank.length; i++) {
            if (rank[i] == 0) {
                front.add(i);
            }
        }
        return front;
    }

    /**
     * The area the points dominate, bounded by {@code reference} (worse than every point that
     * counts; points not strictly better than it on both objectives add nothing).
     */
    public static double hypervolume(List<double[]> points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (finite(p) && p[0] < reference[0] && p[1] < reference[1]) {
                inside.add(p);
            }
        }
        inside.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        double area = 0;
        double ceiling = reference[1];
        for (double[] p : inside) {
            if (p[1] < ceiling) {
                area += (reference[0] - p[0]) * (ceiling - p[1]);
                ceiling = p[1];
            }
        }
        return area;
    }

    /**
     * The order in which points count as good for a multi-objective search (MOTPE's split): by
     * front rank, and within a rank greedily by the hypervolume each adds to those chosen before it
     * (so the first points of a rank spread along it rather than crowd one end), ties to the
     * earlier point. {@code reference} bounds the hypervolume; the first {@code limit} are given.
     */
    public static List<Integer> goodFirst(List<double[]> points, double[] reference, int limit) {
        int[] rank = ranks(points);
        Integer[] byRank = new Integer[points.size()];
        for (int i = 0; i < byRank.length; i++) {
            byRank[i] = i;
        }
        Arrays.sort(byRank, Comparator.comparingInt((Integer i) -> rank[i]).thenComparing(i -> i));
        List<Integer> order = new ArrayList<>();
        List<double[]> chosen = new ArrayList<>();
        int at = 0;
        while (at < byRank.length && order.size() < limit) {
            int end = at;
            while (end < byRank.length && rank[byRank[end]] == rank[byRank[at]]) {
                end++;
            }
            List<Integer> left = new ArrayList<>(Arrays.asList(byRank).subList(at, end));
            while (!left.isEmpty() && order.size() < limit) {
                double base = hypervolume(chosen, reference);
                int pick = 0;
                double gain = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < left.size(); k++) {
                    chosen.add(points.get(left.get(k)));
                    double g = hypervolume(chosen, reference) - base;
                    chosen.remove(chosen.size() - 1);
                    if (g > gain) {
                        gain = g;
                        pick = k;
                    }
                }
                int i = left.remove(pick);
                order.add(i);
                chosen.add(points.get(i));
            }
            at = end;
        }
        return order;
    }

    /**
     * A reference point just worse than every finite point: per objective the worst value plus a
     * tenth of the spread (at least 1e-9 beyond it).
     */
    public static double[] referenceBeyond(List<double[]> points) {
        double[] worst = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (double[] p : points) {
            if (finite(p)) {
                for (int d = 0; d < 2; d++) {
                    worst[d] = Math.max(worst[d], p[d]);
                    best[d] = Math.min(best[d], p[d]);
                }
            }
        }
        double[] reference = new double[2];
        for (int d = 0; d < 2; d++) {
            double spread = Double.isFinite(worst[d]) ? worst[d] - best[d] : 0;
            reference[d] =
                    (Double.isFinite(worst[d]) ? worst[d] : 0)
                            + Math.max(0.1 * spread, 1e-9 * Math.max(1, Math.abs(worst[d])));
        }
        return reference;
    }

    private static boolean finite(double[] p) {
        return Double.isFinite(p[0]) && Double.isFinite(p[1]);
    }
}
