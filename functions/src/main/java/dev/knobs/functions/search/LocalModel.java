package dev.knobs.functions.search;

import dev.knobs.functions.search.TpeSearch.Dimension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A quadratic model of the objective around the best trial: per real dimension a linear and a
 * squared term (no cross terms), fitted by ridge regression to the finished trials nearest that
 * point — at least twice as many as the model has coefficients, and at least {@value #NEIGHBOURS}
 * of all finished trials. Where the centre has categorical values, only trials with the same ones
 * are used while there are enough of them (the real optimum may move with the category). Values are
 * standardised over the trials fitted, so a prediction is in their standard deviations, lower
 * better whatever the objective's direction.
 *
 * <p>It sees the slope and the curvature around the best trial, which the good/bad density ratio
 * does not: the ratio only says how much a point looks like the good trials. From the end of its
 * random start, TPE ranks its candidates by both (docs/adr/0009).
 */
final class LocalModel {
    static final double NEIGHBOURS = 0.3;
    static final double RIDGE = 1e-3;

    private final List<Dimension> dims;
    private final double[] origin;
    private final double[] scale;
    private final double[] coefficients;

    /** The model with its origin and scales, fitted to {@code near} with {@code p} coefficients. */
    private LocalModel(
            List<Dimension> dims, double[] origin, double[] scale, List<double[]> near, int p) {
        this.dims = dims;
        this.origin = origin;
        this.scale = scale;
        this.coefficients = fit(near, p);
    }

    /**
     * The model around {@code best}, or null when the space has no real dimension or {@code best}
     * lacks a value in one. With fewer trials than coefficients the ridge term keeps the fit
     * determined (and flat where the trials say nothing).
     */
    static LocalModel around(
            List<Dimension> dims,
            History.Observation best,
            List<History.Observation> finished,
            boolean maximize) {
        int coefficients = 1;
        double[] centre = new double[dims.size()];
        for (int d = 0; d < dims.size(); d++) {
            Dimension dim = dims.get(d);
            coefficients += dim.categorical() ? 0 : 2;
            centre[d] = dim.internal(best.parameters().get(dim.p().name()));
            if (Double.isNaN(centre[d])) {
                return null;
            }
        }
        if (coefficients == 1) {
            return null;
        }
        int wanted = Math.max(2 * coefficients, (int) Math.ceil(NEIGHBOURS * finished.size()));
        List<double[]> points = new ArrayList<>();
        List<double[]> sameCategories = new ArrayList<>();
        for (History.Observation o : finished) {
            // the parameters, then the value, then the distance from the centre
            double[] x = new double[dims.size() + 2];
            boolean same = true;
            boolean known = Double.isFinite(o.value());
            for (int d = 0; d < dims.size(); d++) {
                Dimension dim = dims.get(d);
                x[d] = dim.internal(o.parameters().get(dim.p().name()));
                known &= !Double.isNaN(x[d]);
                same &= !dim.categorical() || x[d] == centre[d];
            }
            x[dims.size()] = maximize ? -o.value() : o.value();
            x[dims.size() + 1] = known ? distance(dims, centre, x) : 0;
            if (known) {
                points.add(x);
                if (same) {
                    sameCategories.add(x);
                }
            }
        }
        List<double[]> near = sameCategories.size() >= wanted ? sameCategories : points;
        near.sort(Comparator.comparingDouble(x -> x[dims.size() + 1]));
        near = near.subList(0, Math.min(wanted, near.size()));
        double[] scale = new double[dims.size()];
        for (int d = 0; d < dims.size(); d++) {
            double far = 0;
            for (double[] x : near) {
                far = Math.max(far, Math.abs(x[d] - centre[d]));
            }
            scale[d] = Math.max(far, (dims.get(d).high() - dims.get(d).low()) * 1e-6);
        }
        return new LocalModel(dims, centre, scale, near, coefficients);
    }

    /** The predicted value at {@code x} (internal coordinates), in standard deviations. */
    double predict(double[] x) {
        double[] f = features(x, coefficients.length);
        double y = 0;
        for (int i = 0; i < f.length; i++) {
            y += coefficients[i] * f[i];
        }
        return y;
    }

    /** Squared distance over the real dimensions, each scaled to its range. */
    private static double distance(List<Dimension> dims, double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < dims.size(); d++) {
            Dimension dim = dims.get(d);
            if (!dim.categorical()) {
                double u = (a[d] - b[d]) / (dim.high() - dim.low());
                sum += u * u;
            }
        }
        return sum;
    }

    /**
     * 1, then per real dimension its offset u from the centre, in units of the farthest fitted
     * trial's (so u lies in [-1, 1] over the neighbourhood, however small it has become), and u².
     */
    private double[] features(double[] x, int count) {
        double[] f = new double[count];
        f[0] = 1;
        int i = 1;
        for (int d = 0; d < dims.size(); d++) {
            Dimension dim = dims.get(d);
            if (!dim.categorical()) {
                double u = (x[d] - origin[d]) / scale[d];
                f[i++] = u;
                f[i++] = u * u;
            }
        }
        return f;
    }

    /**
     * Ridge regression of the standardised values on the features (the intercept not penalised),
     * solved from the normal equations by Gaussian elimination with partial pivoting.
     */
    private double[] fit(List<double[]> near, int p) {
        int last = dims.size();
        double mean = 0;
        for (double[] x : near) {
            mean += x[last] / near.size();
        }
        double variance = 0;
        for (double[] x : near) {
            variance += (x[last] - mean) * (x[last] - mean) / near.size();
        }
        double sd = variance > 0 ? Math.sqrt(variance) : 1;
        double[][] a = new double[p][p + 1];
        for (double[] x : near) {
            double[] f = features(x, p);
            double y = (x[last] - mean) / sd;
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    a[i][j] += f[i] * f[j];
                }
                a[i][p] += f[i] * y;
            }
        }
        for (int i = 1; i < p; i++) {
            a[i][i] += RIDGE * near.size();
        }
        for (int c = 0; c < p; c++) {
            int pivot = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] swap = a[c];
            a[c] = a[pivot];
            a[pivot] = swap;
            if (Math.abs(a[c][c]) < 1e-12) {
                continue;
            }
            for (int r = 0; r < p; r++) {
                if (r != c) {
                    double m = a[r][c] / a[c][c];
                    for (int k = c; k <= p; k++) {
                        a[r][k] -= m * a[c][k];
                    }
                }
            }
        }
        double[] w = new double[p];
        for (int i = 0; i < p; i++) {
            w[i] = Math.abs(a[i][i]) < 1e-12 ? 0 : a[i][p] / a[i][i];
        }
        return w;
    }
}
