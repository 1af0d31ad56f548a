package dev.knobs.bench;

import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The analytic test functions of the benchmark, with their known minima. */
final class Functions {
    private Functions() {}

    record Analytic(
            String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, Double optimum)
            implements Problem {
        @Override
        public double evaluate(Map<String, Object> x) {
            return f.applyAsDouble(x);
        }
    }

    static double num(Map<String, Object> x, String name) {
        return ((Number) x.get(name)).doubleValue();
    }

    /** Branin–Hoo on [-5, 10] × [0, 15]; minimum 0.397887 at three points. */
    static Problem branin() {
        return new Analytic(
                "Branin (2-D)",
                SearchSpaceParser.parse("x1 = -5.0 ~ 10.0\nx2 = 0.0 ~ 15.0"),
                x -> {
                    double x1 = num(x, "x1");
                    double x2 = num(x, "x2");
                    double b = 5.1 / (4 * Math.PI * Math.PI);
                    double c = 5 / Math.PI;
                    double t = 1 / (8 * Math.PI);
                    return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2)
                            + 10 * (1 - t) * Math.cos(x1)
                            + 10;
                },
                0.397887);
    }

    private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H_A = {
        {10, 3, 17, 3.5, 1.7, 8},
        {0.05, 10, 17, 0.1, 8, 14},
        {3, 3.5, 1.7, 10, 17, 8},
        {17, 8, 0.05, 10, 0.1, 14}
    };
    private static final double[][] H_P = {
        {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
        {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
        {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
        {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
    };

    /** Hartmann on [0, 1]^6; minimum -3.32237. */
    static Problem hartmann6() {
        return new Analytic(
                "Hartmann6 (6-D)", cube("x", 6, 0, 1), x -> hartmann(x, H_A, H_P), -3.32237);
    }

    /** The Hartmann family over x1 … xd, d the width of {@code a} and {@code p}. */
    static double hartmann(Map<String, Object> x, double[][] a, double[][] p) {
        double sum = 0;
        for (int i = 0; i < H_ALPHA.length; i++) {
            double inner = 0;
            for (int j = 0; j < a[i].length; j++) {
                double d = num(x, "x" + (j + 1)) - p[i][j];
                inner += a[i][j] * d * d;
            }
            sum += H_ALPHA[i] * Math.exp(-inner);
        }
        return -sum;
    }

    /** Rosenbrock on [-2.048, 2.048]^10; minimum 0 at (1, …, 1). */
    static Problem rosenbrock10() {
        return new Analytic(
                "Rosenbrock (10-D)", cube("x", 10, -2.048, 2.048), x -> rosenbrock(x, 10), 0.0);
    }

    /** Rosenbrock over x1 … xd. */
    static double rosenbrock(Map<String, Object> x, int d) {
        double sum = 0;
        for (int i = 1; i < d; i++) {
            double a = num(x, "x" + i);
            double b = num(x, "x" + (i + 1));
            sum += 100 * Math.pow(b - a * a, 2) + Math.pow(1 - a, 2);
        }
        return sum;
    }

    /** Ackley on [-32.768, 32.768]^10; minimum 0 at the origin. */
    static Problem ackley10() {
        return new Analytic(
                "Ackley (10-D)",
                cube("x", 10, -32.768, 32.768),
                x -> {
                    double squares = 0;
                    double cosines = 0;
                    for (int i = 1; i <= 10; i++) {
                        double v = num(x, "x" + i);
                        squares += v * v;
                        cosines += Math.cos(2 * Math.PI * v);
                    }
                    return -20 * Math.exp(-0.2 * Math.sqrt(squares / 10))
                            - Math.exp(cosines / 10)
                            + 20
                            + Math.E;
                },
                0.0);
    }

    private static final Map<String, double[]> MIXED_CENTRES =
            Map.of(
                    "adam", new double[] {1.0, -2.0},
                    "sgd", new double[] {-3.0, 3.0},
                    "rmsprop", new double[] {3.5, 0.5},
                    "adagrad", new double[] {-1.0, -4.0});
    private static final Map<String, Double> MIXED_OFFSETS =
            Map.of("adam", 0.0, "sgd", 0.8, "rmsprop", 0.4, "adagrad", 1.5);

    /**
     * Mixed: a categorical choice moves the optimum of two real parameters and adds its own cost; a
     * log-scaled real and an integer add their own valleys. Minimum 0 (adam, x = (1, -2), lr =
     * 0.01, layers = 4).
     */
    static Problem mixed() {
        return new Analytic(
                "Mixed (cat+real+int, 5-D)",
                SearchSpaceParser.parse(
                        "optimizer in [sgd, adam, rmsprop, adagrad]\n"
                                + "x1 = -5.0 ~ 5.0\nx2 = -5.0 ~ 5.0\n"
                                + "lr = 0.0001 ~ 1 log\nlayers: 1..12"),
                x -> {
                    String o = (String) x.get("optimizer");
                    double[] c = MIXED_CENTRES.get(o);
                    double dx = num(x, "x1") - c[0];
                    double dy = num(x, "x2") - c[1];
                    double lr = Math.log10(num(x, "lr")) + 2;
                    double layers = num(x, "layers") - 4;
                    return MIXED_OFFSETS.get(o)
                            + 0.5 * (dx * dx + dy * dy)
                            + lr * lr
                            + 0.1 * layers * layers;
                },
                0.0);
    }

    static SearchSpace cube(String prefix, int d, double low, double high) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= d; i++) {
            text.append(prefix).append(i).append(" = ").append(low).append(" ~ ").append(high);
            text.append(" float\n");
        }
        return SearchSpaceParser.parse(text.toString());
    }

    static List<Problem> all() {
        return List.of(branin(), hartmann6(), rosenbrock10(), ackley10(), mixed());
    }

    /**
     * Spaces of two and three parameters besides Branin, to check that a change for small spaces is
     * not one problem's luck ({@code -Dknobs.bench.quality=low-dim}; not in the default run).
     */
    static List<Problem> lowDimensional() {
        return List.of(branin(), sixHumpCamel(), hartmann3(), rosenbrock2(), styblinskiTang3());
    }

    /** Six-hump camel on [-3, 3] × [-2, 2]; minimum -1.031628 at two points, four more local. */
    static Problem sixHumpCamel() {
        return new Analytic(
                "Six-hump camel (2-D)",
                SearchSpaceParser.parse("x = -3.0 ~ 3.0\ny = -2.0 ~ 2.0"),
                x -> {
                    double a = num(x, "x");
                    double b = num(x, "y");
                    return (4 - 2.1 * a * a + a * a * a * a / 3) * a * a
                            + a * b
                            + (-4 + 4 * b * b) * b * b;
                },
                -1.031628);
    }

    private static final double[][] H3_A = {{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}};
    private static final double[][] H3_P = {
        {0.3689, 0.1170, 0.2673},
        {0.4699, 0.4387, 0.7470},
        {0.1091, 0.8732, 0.5547},
        {0.0381, 0.5743, 0.8828}
    };

    /** Hartmann on [0, 1]^3; minimum -3.86278. */
    static Problem hartmann3() {
        return new Analytic(
                "Hartmann3 (3-D)", cube("x", 3, 0.0, 1.0), x -> hartmann(x, H3_A, H3_P), -3.86278);
    }

    /** Rosenbrock on [-5, 10]^2; minimum 0 at (1, 1), at the end of a long curved valley. */
    static Problem rosenbrock2() {
        return new Analytic(
                "Rosenbrock-2 (2-D)", cube("x", 2, -5.0, 10.0), x -> rosenbrock(x, 2), 0.0);
    }

    /**
     * Styblinski–Tang on [-5, 5]^3; minimum -117.49851 at x = -2.903534 each, with a local minimum
     * near +2.75 in every coordinate (a run stuck there in one coordinate has regret 14.1).
     */
    static Problem styblinskiTang3() {
        return new Analytic(
                "Styblinski-Tang (3-D)",
                cube("x", 3, -5.0, 5.0),
                x -> {
                    double sum = 0;
                    for (int i = 1; i <= 3; i++) {
                        double v = num(x, "x" + i);
                        sum += (v * v * v * v - 16 * v * v + 5 * v) / 2;
                    }
                    return sum;
                },
                -117.49851);
    }
}
