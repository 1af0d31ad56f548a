package dev.knobs.trainer.serve;

import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.model.ModelCard;
import dev.knobs.formats.model.TensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model ready to answer: ONNX through ONNX Runtime, or XGBoost JSON through XGBoost4J. A model
 * trained by Knobs carries a {@link ModelCard} and then takes rows of named features; any ONNX
 * model answers Open Inference Protocol tensors by its own input names.
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

    /** The model's raw scores for encoded rows: one array per row (class scores, or one value). */
    float[][] scores(float[][] encodedRows) throws Exception;

    /**
     * Open Inference Protocol inference: one tensor per input column for a model with a card, the
     * model's own inputs otherwise.
     */
    Map<String, Tensor> infer(Map<String, Tensor> inputs) throws Exception;

    /**
     * {@link #infer} for a model with a card: columns in, label and probabilities (or value) out.
     */
    static Map<String, Tensor> inferByColumns(
            LoadedModel model, ModelCard card, Map<String, Tensor> inputs) throws Exception {
        return columnsFromPredictions(card, model.predictRows(rowsFromColumns(card, inputs)));
    }

    default List<RowPrediction> predictRows(List<? extends Map<String, ?>> rows) throws Exception {
        ModelCard card =
                card().orElseThrow(
                                () ->
                                        new InferenceException(
                                                "this model takes tensors by input name, not rows of named features; see GET /v2/models/{name}"));
        float[][] encoded = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            try {
                encoded[i] = card.encode(rows.get(i));
            } catch (InvalidDataException e) {
                throw new InferenceException("row " + (i + 1) + ": " + e.getMessage());
            }
        }
        return predictions(card, scores(encoded));
    }

    /** Predictions from a model's raw scores (class scores, or one value per row). */
    static List<RowPrediction> predictions(ModelCard card, float[][] scores) {
        List<RowPrediction> predictions = new ArrayList<>();
        for (float[] s : scores) {
            predictions.add(
                    card.task() == ModelCard.Task.REGRESSION
                            ? new RowPrediction(null, null, (double) s[0])
                            : classify(card.classes(), s));
        }
        return predictions;
    }

    private static RowPrediction classify(List<String> classes, float[] s) {
        double[] p = new double[classes.size()];
        if (s.length == 1 && classes.size() == 2) {
            p[1] = s[0];
            p[0] = 1 - s[0];
        } else {
            for (int i = 0; i < p.length; i++) {
                p[i] = s[i];
            }
        }
        int best = 0;
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            probabilities.put(classes.get(i), p[i]);
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return new RowPrediction(classes.get(best), probabilities, null);
    }

    /** Builds rows from one tensor per column, as the V2 inputs of a model with a card. */
    static List<Map<String, Object>> rowsFromColumns(ModelCard card, Map<String, Tensor> inputs) {
        int n = -1;
        for (Tensor t : inputs.values()) {
            if (n >= 0 && t.data().size() != n) {
                throw new InferenceException(
                        "all input tensors must hold the same number of rows; '"
                                + t.name()
                                + "' has "
                                + t.data().size());
            }
            n = t.data().size();
        }
        for (String name : inputs.keySet()) {
            if (card.columns().stream().noneMatch(c -> c.name().equals(name))) {
                throw new InferenceException(
                        "unknown input '"
                                + name
                                + "'; the inputs are "
                                + String.join(
                                        ", ", card.columns().stream().map(c -> c.name()).toList()));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < Math.max(n, 0); i++) {
            Map<String, Object> row = new HashMap<>();
            for (Tensor t : inputs.values()) {
                row.put(t.name(), t.data().get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static Map<String, Tensor> columnsFromPredictions(
            ModelCard card, List<RowPrediction> predictions) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        long n = predictions.size();
        if (card.task() == ModelCard.Task.REGRESSION) {
            out.put(
                    "value",
                    new Tensor(
                            "value",
                            "FP32",
                            List.of(n),
                            predictions.stream().map(RowPrediction::value).toList()));
            return out;
        }
        out.put(
                "label",
                new Tensor(
                        "label",
                        "BYTES",
                        List.of(n),
                        predictions.stream().map(RowPrediction::label).toList()));
        List<Double> probabilities = new ArrayList<>();
        predictions.forEach(
                p -> card.classes().forEach(c -> probabilities.add(p.probabilities().get(c))));
        out.put(
                "probabilities",
                new Tensor(
                        "probabilities",
                        "FP32",
                        List.of(n, (long) card.classes().size()),
                        probabilities));
        return out;
    }
}
