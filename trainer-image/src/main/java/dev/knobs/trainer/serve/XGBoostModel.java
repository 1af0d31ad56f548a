package dev.knobs.trainer.serve;

import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.formats.model.ModelCard;
import dev.knobs.formats.model.ModelSignature;
import dev.knobs.formats.model.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * An XGBoost model in its JSON format, with the Knobs model card in its attributes (or one made
 * from its feature names: a user's own trainer's). Predictions go through XGBoost's in-place
 * prediction, which the library makes safe to call from several threads on one booster: no lock, no
 * DMatrix per request.
 */
final class XGBoostModel implements LoadedModel {
    private final Booster booster;
    private final ModelCard card;
    private final ModelCard.Encoder encoder;

    XGBoostModel(byte[] bytes) throws Exception {
        Path file = Files.createTempFile("knobs-model", ".json");
        try {
            Files.write(file, bytes);
            booster = XGBoost.loadModel(file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
        booster.setParam("nthread", 1);
        // Knobs' own card, or one made from the feature names and objective of another trainer's
        card = ModelSignature.of(bytes, ModelRef.XGBOOST_JSON).card().orElseThrow();
        encoder = card.encoder();
    }

    @Override
    public ModelCard.Encoder encoder() {
        return encoder;
    }

    @Override
    public String format() {
        return ModelRef.XGBOOST_JSON;
    }

    @Override
    public Optional<ModelCard> card() {
        return Optional.of(card);
    }

    @Override
    public List<TensorSpec> inputs() {
        return card.inputs();
    }

    @Override
    public List<TensorSpec> outputs() {
        return card.outputs();
    }

    @Override
    public float[][] scores(float[][] rows) throws Exception {
        int width = card.featureOrder().size();
        if (rows.length == 0) {
            return new float[0][];
        }
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return booster.inplace_predict(flat, rows.length, width, Float.NaN);
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
