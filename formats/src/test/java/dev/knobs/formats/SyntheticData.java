package dev.knobs.formats;

import java.util.Locale;
import java.util.Random;

/**
 * Seeded tabular data for tests: customers with numeric and categorical features and a churn label
 * that depends on them (with 5% label noise), or a numeric target for regression.
 */
public final class SyntheticData {
    private SyntheticData() {}

    public static final String HEADER = "age,income,plan,visits,tenure,churn";

    public static String churnCsv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        String[] plans = {"basic", "plus", "gold"};
        for (int i = 0; i < rows; i++) {
            double age = 18 + r.nextInt(63);
            double income = Math.exp(10 + 0.5 * r.nextGaussian());
            String plan = plans[r.nextInt(3)];
            int visits = r.nextInt(31);
            double tenure = r.nextDouble() * 10;
            double z =
                    -0.8
                            + 0.04 * (age - 45)
                            - 0.12 * (visits - 15)
                            + (plan.equals("basic") ? 1.2 : plan.equals("gold") ? -1.0 : 0)
                            - 0.35 * (tenure - 5)
                            + 0.4 * Math.log(income / 22000);
            boolean churn = 1 / (1 + Math.exp(-3 * z)) > 0.5;
            if (r.nextDouble() < 0.05) {
                churn = !churn;
            }
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%.0f,%.2f,%s,%d,%.3f,%s%n",
                            age,
                            income,
                            plan,
                            visits,
                            tenure,
                            churn ? "yes" : "no"));
        }
        return csv.toString();
    }

    public static String regressionCsv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder csv = new StringBuilder("x1,x2,color,y\n");
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < rows; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextDouble() * 4;
            String color = colors[r.nextInt(3)];
            double y = 3 * x1 - 2 * x2 + (color.equals("red") ? 1.5 : 0) + 0.1 * r.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%s,%.4f%n", x1, x2, color, y));
        }
        return csv.toString();
    }
}
