package dev.knobs.trainer.train;

import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.formats.Algorithm;
import dev.knobs.formats.model.ModelCard;
import dev.knobs.trainer.data.PreparedData;
import dev.knobs.trainer.serve.LoadedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Gradient-boosted trees with XGBoost, one thread (a second thread slows it 10-20x when the other
 * core is busy with another trial). The model is kept in XGBoost's JSON format with the model card
 * as a booster attribute.
 */
public final class GradientBoostedTrees implements BuiltinAlgorithm {
    @Override
    public String name() {
        return Algorithm.XGBOOST.id();
    }

    @Override
    public Set<String> hyperparameters() {
        return Algorithm.XGBOOST.hyperparameters();
    }

    @Override
    public TrainedModel train(PreparedData data, Hyperparameters hp, long seed) throws Exception {
        return train(data, hp, seed, Progress.NONE);
    }

    /**
     * Boosts round by round; on the rounds {@link Progress#due} says, measures the validation rows
     * with the trees so far.
     */
    @Override
    public TrainedModel train(PreparedData data, Hyperparameters hp, long seed, Progress progress)
            throws Exception {
        hp.requireKnown(name(), hyperparameters());
        List<String> features = data.featureNames();
        ModelCard card =
                new ModelCard(
                        name(),
                        data.task(),
                        data.labelColumn(),
                        data.classes(),
                        data.columns(),
                        features);
        DMatrix train = matrix(card, data.train(), data);
        Map<String, Object> params = new HashMap<>();
        params.put("eta", hp.real("learning_rate", hp.real("eta", 0.3)));
        params.put("max_depth", hp.integer("max_depth", 6));
        params.put("subsample", hp.real("subsample", 1.0));
        params.put("colsample_bytree", hp.real("colsample_bytree", 1.0));
        params.put("min_child_weight", hp.real("min_child_weight", 1.0));
        params.put("lambda", hp.real("lambda", 1.0));
        params.put("alpha", hp.real("alpha", 0.0));
        params.put("gamma", hp.real("gamma", 0.0));
        params.put("nthread", 1);
        params.put("seed", seed);
        params.put("verbosity", 0);
        int classes = data.classes().size();
        if (data.task() == ModelCard.Task.REGRESSION) {
            params.put("objective", "reg:squarederror");
        } else if (classes == 2) {
            params.put("objective", "binary:logistic");
        } else {
            params.put("objective", "multi:softprob");
            params.put("num_class", classes);
        }
        int rounds = hp.integer("n_estimators", hp.integer("trees", 100));
        if (rounds < 1 || rounds > 10_000) {
            throw new IllegalArgumentException(
                    "hyperparameter 'n_estimators' must be between 1 and 10000, got " + rounds);
        }
        Booster booster;
        if (progress.active()) {
            DMatrix validation = matrix(card, data.validation(), data);
            try {
                booster = XGBoost.train(train, params, 0, Map.of(), null, null);
                for (int round = 0; round < rounds; round++) {
                    booster.update(train, round);
                    if (Progress.due(round + 1, rounds)) {
                        progress.report(
                                round + 1,
                                Metrics.of(
                                        card,
                                        data.validation(),
                                        LoadedModel.predictions(
                                                card, booster.predict(validation))));
                    }
                }
            } finally {
                validation.dispose();
            }
        } else {
            booster = XGBoost.train(train, params, rounds, Map.of(), null, null);
        }
        booster.setAttr(ModelCard.KEY, Json.MAPPER.writeValueAsString(card));
        Path file = Files.createTempFile("knobs-xgboost", ".json");
        try {
            booster.saveModel(file.toString());
            return new TrainedModel(Files.readAllBytes(file), ModelRef.XGBOOST_JSON);
        } finally {
            Files.deleteIfExists(file);
            booster.dispose();
            train.dispose();
        }
    }

    private static DMatrix matrix(ModelCard card, List<Map<String, String>> rows, PreparedData data)
            throws Exception {
        int width = card.featureOrder().size();
        float[] values = new float[rows.size() * width];
        float[] labels = new float[rows.size()];
        ModelCard.Encoder encoder = card.encoder();
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(encoder.encode(rows.get(r)), 0, values, r * width, width);
            String label = rows.get(r).get(data.labelColumn());
            labels[r] =
                    data.task() == ModelCard.Task.REGRESSION
                            ? Float.parseFloat(label)
                            : data.classes().indexOf(label);
        }
        DMatrix matrix = new DMatrix(values, rows.size(), width, Float.NaN);
        matrix.setLabel(labels);
        return matrix;
    }
}
