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
        return encoder().encode(row);
    }

    /**
     * The encoding worked out once: where each column's features sit in the model's input, so a row
     * encodes without a lookup by name. Safe to share between threads.
     */
    public Encoder encoder() {
        return new Encoder(this);
    }

    /** {@link #encode} for rows given as values in column order. */
    public static final class Encoder {
        private final ModelCard card;
        private final int width;
        private final int[] numericIndex;
        private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();

        private Encoder(ModelCard card) {
            this.card = card;
            this.width = card.featureOrder().size();
            Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < width; i++) {
                position.put(card.featureOrder().get(i), i);
            }
            numericIndex = new int[card.columns().size()];
            for (int c = 0; c < numericIndex.length; c++) {
                ColumnSpec column = card.columns().get(c);
                numericIndex[c] = position.getOrDefault(column.name(), -1);
                Map<String, Integer> categories = new HashMap<>();
                for (String category : column.categories()) {
                    Integer at = position.get(column.name() + "=" + category);
                    if (at != null) {
                        categories.put(category, at);
                    }
                }
                categoryIndex.add(categories);
            }
        }

        /** One row's input vector from its named raw values (for many rows, keep the encoder). */
        public float[] encode(Map<String, ?> row) {
            Object[] values = new Object[card.columns().size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = row.get(card.columns().get(c).name());
            }
            return encode(values);
        }

        /**
         * One row's input vector from its raw values in column order: a numeric column is
         * standardised (missing or blank: its mean, so 0), a categorical one sets its value's
         * feature (an unseen or missing value: none).
         */
        public float[] encode(Object[] values) {
            float[] vector = new float[width];
            List<ColumnSpec> columns = card.columns();
            for (int c = 0; c < values.length; c++) {
                ColumnSpec column = columns.get(c);
                Object raw = values[c];
                if (column.kind() == ColumnSpec.Kind.NUMERIC) {
                    boolean given =
                            raw instanceof Number || (raw != null && !raw.toString().isBlank());
                    if (numericIndex[c] >= 0 && given) {
                        double x = toNumber(column.name(), raw);
                        vector[numericIndex[c]] = (float) ((x - column.mean()) / column.scale());
                    }
                } else if (raw != null) {
                    Integer at = categoryIndex.get(c).get(raw.toString());
                    if (at != null) {
                        vector[at] = 1f;
                    }
                }
            }
            return vector;
        }
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
