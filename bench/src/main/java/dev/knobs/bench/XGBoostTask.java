package dev.knobs.bench;

import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A real tuning task: XGBoost (one thread, fixed seed, so an evaluation depends only on its
 * hyperparameters) on a generated binary classification dataset of 1,500 rows and 10 features
 * (interactions, a threshold and label noise); the value is the validation log loss on 500 held-out
 * rows. It has no known optimum: regret is measured from the best value any run found.
 */
final class XGBoostTask implements Problem {
    static final int ROWS = 1500;
    static final int TRAIN = 1000;
    static final int FEATURES = 10;

    private final DMatrix train;
    private final DMatrix validation;
    private final float[] validationLabels;

    XGBoostTask() {
        try {
            SplittableRandom random = new SplittableRandom(20_261_129L);
            float[] x = new float[ROWS * FEATURES];
            float[] y = new float[ROWS];
            for (int r = 0; r < ROWS; r++) {
                double[] v = new double[FEATURES];
                for (int f = 0; f < FEATURES; f++) {
                    v[f] = random.nextDouble() * 2 - 1;
                    x[r * FEATURES + f] = (float) v[f];
                }
                double score =
                        1.5 * v[0] * v[1]
                                + Math.sin(3 * v[2])
                                + (v[3] > 0.2 ? 1.0 : -0.5) * v[4]
                                + 0.8 * v[5] * v[5]
                                - 0.6 * v[6]
                                + 0.3 * v[7] * v[8];
                double p = 1 / (1 + Math.exp(-2.5 * score));
                y[r] = random.nextDouble() < p ? 1f : 0f;
            }
            float[] tx = new float[TRAIN * FEATURES];
            System.arraycopy(x, 0, tx, 0, tx.length);
            float[] vx = new float[(ROWS - TRAIN) * FEATURES];
            System.arraycopy(x, tx.length, vx, 0, vx.length);
            float[] ty = new float[TRAIN];
            System.arraycopy(y, 0, ty, 0, TRAIN);
            validationLabels = new float[ROWS - TRAIN];
            System.arraycopy(y, TRAIN, validationLabels, 0, validationLabels.length);
            train = new DMatrix(tx, TRAIN, FEATURES, Float.NaN);
            train.setLabel(ty);
            validation = new DMatrix(vx, ROWS - TRAIN, FEATURES, Float.NaN);
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "XGBoost on generated data (6-D)";
    }

    @Override
    public SearchSpace space() {
        return SearchSpaceParser.parse(
                """
                learning_rate = 0.01 ~ 0.5 log
                max_depth: 2..8
                n_estimators: 10..120
                subsample = 0.5 ~ 1.0
                min_child_weight = 0.1 ~ 20 log
                lambda = 0.01 ~ 10 log
                """);
    }

    @Override
    public Double optimum() {
        return null;
    }

    /** Each thread trains on its own matrices: XGBoost caches per matrix. */
    @Override
    public Problem forThisThread() {
        return new XGBoostTask();
    }

    @Override
    public double evaluate(Map<String, Object> x) {
        try {
            Booster booster = train(x);
            try {
                float[][] p = booster.predict(validation);
                double loss = 0;
                for (int i = 0; i < p.length; i++) {
                    double q = Math.min(1 - 1e-15, Math.max(1e-15, p[i][0]));
                    loss -= validationLabels[i] == 1f ? Math.log(q) : Math.log(1 - q);
                }
                return loss / p.length;
            } finally {
                booster.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Two objectives to minimise: the negative validation accuracy, and the size of the model saved
     * as XGBoost JSON (as Knobs serves it), in KB.
     */
    double[] accuracyAndSize(Map<String, Object> x) {
        try {
            Booster booster = train(x);
            try {
                float[][] p = booster.predict(validation);
                int correct = 0;
                for (int i = 0; i < p.length; i++) {
                    correct += (p[i][0] >= 0.5f) == (validationLabels[i] == 1f) ? 1 : 0;
                }
                return new double[] {
                    -(double) correct / p.length, booster.toByteArray("json").length / 1024.0
                };
            } finally {
                booster.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    private Booster train(Map<String, Object> x) throws XGBoostError {
        Map<String, Object> params = new HashMap<>();
        params.put("eta", Functions.num(x, "learning_rate"));
        params.put("max_depth", (int) Functions.num(x, "max_depth"));
        params.put("subsample", Functions.num(x, "subsample"));
        params.put("min_child_weight", Functions.num(x, "min_child_weight"));
        params.put("lambda", Functions.num(x, "lambda"));
        params.put("objective", "binary:logistic");
        params.put("nthread", 1);
        params.put("seed", 0);
        params.put("verbosity", 0);
        return XGBoost.train(
                train, params, (int) Functions.num(x, "n_estimators"), Map.of(), null, null);
    }
}
