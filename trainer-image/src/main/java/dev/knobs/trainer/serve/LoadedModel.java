package dev.knobs.trainer.serve;

import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.model.ModelCard;
import dev.knobs.formats.model.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model ready to answer: ONNX through ONNX Runtime, or XGBoost JSON through XGBoost4J. A model
 * trained by Knobs carries a {@link ModelCard} and takes one tensor (or one named feature) per
 * input column ({@link CardInputs}); any other ONNX model answers Open Inference Protocol tensors
 * by its own inputs. Safe to call from several threads at once.
 */
public interface LoadedModel extends AutoCloseable {

    static LoadedModel load(byte[] bytes, String format) throws Exception {
        return switch (format) {
            case ModelRef.ONNX -> new OnnxModel(bytes);
            case ModelRef.XGBOOST_JSON -> new XGBoostModel(bytes);
            default -> throw new IllegalArgumentException("unknown model format '" + format + "'");
        };
    }

    String format();

    Optional<ModelCard> card();

    List<TensorSpec> inputs();

    List<TensorSpec> outputs();

    /** Its card's encoder, worked out once (a model with a card only). */
    ModelCard.Encoder encoder();

    /** Whether the model takes NaN and infinities in its floating point inputs (it says so). */
    default boolean allowsNonFinite() {
        return false;
    }

    /** The model's raw scores for encoded rows: one array per row (class scores, or one value). */
    float[][] scores(float[][] encodedRows) throws Exception;

    /** Open Inference Protocol inference, its inputs checked against the model's. */
    default List<Tensor> infer(List<Tensor> inputs) throws Exception {
        ModelCard card = card().orElseThrow();
        return CardInputs.outputs(card, scores(CardInputs.fromTensors(card, encoder(), inputs)));
    }

    /**
     * Predictions for rows of named raw values as the trainer holds them (strings from the CSV):
     * what validation measures. Requests are checked by {@link CardInputs} first.
     */
    default List<RowPrediction> predictRows(List<? extends Map<String, ?>> rows) throws Exception {
        ModelCard card =
                card().orElseThrow(
                                () ->
                                        new InferenceException(
                                                "this model takes tensors by input name, not rows of named features; see GET /v2/models/{name}"));
        float[][] encoded = new float[rows.size()][];
        ModelCard.Encoder encoder = card.encoder();
        for (int i = 0; i < rows.size(); i++) {
            try {
                encoded[i] = encoder.encode(rows.get(i));
            } catch (InvalidDataException e) {
                throw new InferenceException("row " + (i + 1) + ": " + e.getMessage());
            }
        }
        return predictions(card, scores(encoded));
    }

    /** Predictions from a model's raw scores (class scores, or one value per row). */
    static List<RowPrediction> predictions(ModelCard card, float[][] scores) {
        List<RowPrediction> predictions = new ArrayList<>();
        List<String> classes = card.classes();
        for (float[] s : scores) {
            if (card.task() == ModelCard.Task.REGRESSION) {
                predictions.add(new RowPrediction(null, null, (double) s[0]));
                continue;
            }
            float[] p = new float[classes.size()];
            CardInputs.probabilities(s, p);
            int best = 0;
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int i = 0; i < p.length; i++) {
                probabilities.put(classes.get(i), (double) p[i]);
                best = p[i] > p[best] ? i : best;
            }
            predictions.add(new RowPrediction(classes.get(best), probabilities, null));
        }
        return predictions;
    }
}
