package dev.knobs.web.experiment;

import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyperparameter importance after PED-ANOVA (Watanabe et al., IJCAI 2023): how differently a
 * parameter's values are spread among the best trials than among all succeeded trials. Each
 * parameter's range is cut into bins (one per choice; per value for a short integer range; six,
 * log-spaced where the range is, otherwise), both spreads are estimated from bin counts with a
 * small prior, and the importance is their Pearson divergence less what a random set of as many
 * trials would show (so a parameter with more bins does not look important by chance), normalised
 * so all parameters sum to one. A parameter the objective ignores is spread among the best as among
 * all: it scores near 0.
 */
final class Importances {
    static final String METHOD =
            "PED-ANOVA: how differently each parameter's values are spread among the best"
                    + " %d of %d succeeded trials than among all of them (Pearson divergence of"
                    + " the two histograms, less what chance alone gives), scaled to sum to 1.";
    private static final int BINS = 6;
    private static final double PRIOR = 0.5;

    private Importances() {}

    /** The best trials: the top 20 %, at least 4 and at most half. */
    static int top(int n) {
        return Math.max(Math.min(4, n / 2), Math.min(n / 2, (int) Math.round(0.2 * n)));
    }

    /** Importance per parameter, highest first; empty with fewer than 6 succeeded trials. */
    static Map<String, Double> of(SearchSpace space, List<Plots.Point> points, boolean maximize) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (points.size() < 6) {
            return out;
        }
        List<Plots.Point> sorted = new ArrayList<>(points);
        Comparator<Plots.Point> byValue = Comparator.comparingDouble(Plots.Point::value);
        sorted.sort(maximize ? byValue.reversed() : byValue);
        List<Plots.Point> best = sorted.subList(0, top(sorted.size()));
        Map<String, Double> raw = new LinkedHashMap<>();
        double total = 0;
        for (Parameter p : space.parameters()) {
            if (p instanceof Parameter.Fixed) {
                continue;
            }
            // what the divergence of a random set of that many trials would be (chi-square's mean,
            // shrunk as the prior shrinks the histogram): without it a parameter with more bins
            // would look more important by chance alone
            int bins = bins(p);
            double m = best.size();
            double shrink = m / (m + PRIOR * bins);
            double chance = (bins - 1) / m * shrink * shrink;
            double d = Math.max(0, divergence(histogram(p, best), histogram(p, sorted)) - chance);
            raw.put(p.name(), d);
            total += d;
        }
        double sum = total;
        raw.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), sum == 0 ? 0 : e.getValue() / sum));
        return out;
    }

    /** Pearson divergence of {@code top} from {@code all}: Σ all · (top / all − 1)². */
    private static double divergence(double[] top, double[] all) {
        double d = 0;
        for (int b = 0; b < all.length; b++) {
            double ratio = top[b] / all[b] - 1;
            d += all[b] * ratio * ratio;
        }
        return d;
    }

    /** The spread of {@code p} over its bins, with a small prior in every bin. */
    private static double[] histogram(Parameter p, List<Plots.Point> points) {
        int bins = bins(p);
        double[] h = new double[bins];
        java.util.Arrays.fill(h, PRIOR);
        for (Plots.Point pt : points) {
            int b = bin(p, pt.parameters().get(p.name()), bins);
            if (b >= 0) {
                h[b]++;
            }
        }
        double n = 0;
        for (double c : h) {
            n += c;
        }
        for (int b = 0; b < bins; b++) {
            h[b] /= n;
        }
        return h;
    }

    private static int bins(Parameter p) {
        if (p instanceof Parameter.Categorical c) {
            return c.choices().size();
        }
        if (p instanceof Parameter.IntRange i && !i.log()) {
            long values = (i.high() - i.low()) / i.step() + 1;
            return (int) Math.min(BINS, values);
        }
        return BINS;
    }

    private static int bin(Parameter p, Object value, int bins) {
        if (p instanceof Parameter.Categorical c) {
            int k = c.choices().indexOf(value);
            if (k < 0 && value != null) {
                for (int i = 0; i < c.choices().size(); i++) {
                    if (String.valueOf(c.choices().get(i)).equals(String.valueOf(value))) {
                        k = i;
                    }
                }
            }
            return k;
        }
        if (!(value instanceof Number n)) {
            return -1;
        }
        double low;
        double high;
        boolean log;
        if (p instanceof Parameter.IntRange i) {
            low = i.low();
            high = i.high();
            log = i.log();
        } else {
            Parameter.FloatRange f = (Parameter.FloatRange) p;
            low = f.low();
            high = f.high();
            log = f.log();
        }
        double x = n.doubleValue();
        double t =
                log
                        ? (Math.log(x) - Math.log(low)) / (Math.log(high) - Math.log(low))
                        : (x - low) / (high - low);
        if (Double.isNaN(t) || high == low) {
            return 0;
        }
        return (int) Math.max(0, Math.min(bins - 1, Math.floor(t * bins)));
    }
}
