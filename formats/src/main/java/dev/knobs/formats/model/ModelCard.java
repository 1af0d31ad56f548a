package dev.knobs.formats.model;

import dev.knobs.formats.InvalidDataException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to serve a model trained by Knobs from named features: the task, the label's
 * classes in the order of the model's outputs, the input columns and how they are encoded, and the
 * order of the encoded features in the model's input tensor. Stored inside the model file (ONNX
 * metadata or an XGBoost attribute) under {@link #KEY}.
 */
public record ModelCard(
        String algorithm,
        Task task,
        String labelColumn,
        List<String> classes,
        List<ColumnSpec> columns,
        List<String> featureOrder) {

    public static final String KEY = "knobs.card";

    public enum Task {
        CLASSIFICATION,
        REGRESSION
    }

    /** The feature names each column produces, in column order. */
    public static List<String> featureNames(List<ColumnSpec> columns) {
        List<String> names = new ArrayList<>();
        for (ColumnSpec c : columns) {
            if (c.kind() == ColumnSpec.Kind.NUMERIC) {
                names.add(c.name());
            } else {
                c.categories().forEach(v -> names.add(c.name() + "=" + v));
            }
        }
        return names;
    }

    /**
     * Encodes one row of named raw values (numbers or strings; missing or null allowed) into the
     * model's input vector, in {@link #featureOrder()}.
     */
    public float[] encode(Map<String, ?> row) {
        Map<String, Double> features = new HashMap<>();
        for (ColumnSpec c : columns) {
            Object raw = row.get(c.name());
            if (c.kind() == ColumnSpec.Kind.NUMERIC) {
                double x =
                        raw == null || raw.toString().isBlank()
                                ? c.mean()
                                : toNumber(c.name(), raw);
                features.put(c.name(), (x - c.mean()) / c.scale());
            } else if (raw != null) {
                features.put(c.name() + "=" + raw, 1.0);
            }
        }
        float[] vector = new float[featureOrder.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = features.getOrDefault(featureOrder.get(i), 0.0).floatValue();
        }
        return vector;
    }

    private static double toNumber(String column, Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidDataException(
                    "feature '" + column + "' must be a number, got '" + raw + "'");
        }
    }

    /** The Open Inference Protocol inputs of a model with a card: one tensor per input column. */
    public List<TensorSpec> inputs() {
        return columns.stream()
                .map(
                        c ->
                                new TensorSpec(
                                        c.name(),
                                        c.kind() == ColumnSpec.Kind.NUMERIC ? "FP32" : "BYTES",
                                        List.of(-1L)))
                .toList();
    }

    /** Its outputs: the value (regression), or the label and the class probabilities. */
    public List<TensorSpec> outputs() {
        return task == Task.REGRESSION
                ? List.of(new TensorSpec("value", "FP32", List.of(-1L)))
                : List.of(
                        new TensorSpec("label", "BYTES", List.of(-1L)),
                        new TensorSpec(
                                "probabilities", "FP32", List.of(-1L, (long) classes.size())));
    }
}
