package dev.knobs.bench;

import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.Map;

/**
 * A problem of two objectives, both to be minimised, over a search space. {@code reference} is the
 * hypervolume's reference point, the same for every sampler.
 */
interface BiProblem {
    String name();

    SearchSpace space();

    double[] evaluate(Map<String, Object> x);

    double[] reference();

    /** A problem whose evaluations may run on several threads at once. */
    default BiProblem forThisThread() {
        return this;
    }

    /**
     * ZDT1 (Zitzler, Deb and Thiele, 2000) in its standard 30 variables on [0, 1]: f1 = x1, f2 = g
     * (1 − √(f1 / g)) with g = 1 + 9 · mean(x2..x30); the front is g = 1, a convex curve. The
     * reference point is (1.1, 11), just beyond the worst values (1, 10).
     */
    final class Zdt1 implements BiProblem {
        static final int N = 30;

        @Override
        public String name() {
            return "ZDT1 (30-D)";
        }

        @Override
        public SearchSpace space() {
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= N; i++) {
                text.append("x").append(i).append(" = 0.0 ~ 1.0\n");
            }
            return SearchSpaceParser.parse(text.toString());
        }

        @Override
        public double[] evaluate(Map<String, Object> x) {
            double f1 = Functions.num(x, "x1");
            double sum = 0;
            for (int i = 2; i <= N; i++) {
                sum += Functions.num(x, "x" + i);
            }
            double g = 1 + 9 * sum / (N - 1);
            return new double[] {f1, g * (1 - Math.sqrt(f1 / g))};
        }

        @Override
        public double[] reference() {
            return new double[] {1.1, 11};
        }
    }

    /**
     * The XGBoost task ({@link XGBoostTask}) as a trade-off: validation accuracy (as its negative)
     * against the size of the saved model in KB, as Knobs serves it (XGBoost JSON). The reference
     * point, the same for every sampler: accuracy 0.5 (chance) and a tenth beyond the size of the
     * largest model the space allows (the most trees, deepest, least regularised, and the slowest
     * learning rate, whose trees keep splitting).
     */
    final class XGBoostAccuracySize implements BiProblem {
        private final XGBoostTask task = new XGBoostTask();

        @Override
        public String name() {
            return "XGBoost accuracy vs model size (6-D)";
        }

        @Override
        public SearchSpace space() {
            return task.space();
        }

        @Override
        public double[] evaluate(Map<String, Object> x) {
            return task.accuracyAndSize(x);
        }

        @Override
        public double[] reference() {
            double largest =
                    task.accuracyAndSize(
                                    Map.of(
                                            "learning_rate", 0.01,
                                            "max_depth", 8L,
                                            "n_estimators", 120L,
                                            "subsample", 1.0,
                                            "min_child_weight", 0.1,
                                            "lambda", 0.01))[1];
            return new double[] {-0.5, 1.1 * largest};
        }

        @Override
        public BiProblem forThisThread() {
            return new XGBoostAccuracySize();
        }
    }
}
