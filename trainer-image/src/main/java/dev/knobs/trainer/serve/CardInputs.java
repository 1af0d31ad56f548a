package dev.knobs.trainer.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.model.ColumnSpec;
import dev.knobs.formats.model.ModelCard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The inputs and outputs of a model trained by Knobs, held strictly to its card: every input column
 * given exactly once and nothing else; a numeric column takes finite numbers (of any numeric
 * datatype), a categorical one strings ({@code BYTES}); a column tensor has shape {@code [n]} or
 * {@code [n, 1]}, all with the same {@code n}. In the named-feature (V1) form a row is an object of
 * exactly the columns, or a list of their values in column order; {@code null} (or an empty string)
 * marks a value as missing, which the model imputes as it learned to (the column's mean).
 */
final class CardInputs {
    private CardInputs() {}

    /** V2: one tensor per column, encoded into the model's rows. */
    static float[][] fromTensors(ModelCard card, ModelCard.Encoder encoder, List<Tensor> inputs) {
        Map<String, Tensor> byName = new HashMap<>();
        for (Tensor t : inputs) {
            ColumnSpec column = column(card, t.name());
            checkType(column, t);
            byName.put(t.name(), t);
        }
        missing(card, byName.keySet());
        long n = -1;
        for (Tensor t : inputs) {
            boolean columnShape =
                    t.shape().length == 1 || (t.shape().length == 2 && t.shape()[1] == 1);
            if (!columnShape) {
                throw new InferenceException(
                        "input '"
                                + t.name()
                                + "' is one column: its shape is [n] or [n, 1], not "
                                + t.shapeText());
            }
            if (n >= 0 && t.shape()[0] != n) {
                throw new InferenceException(
                        "all inputs must hold the same number of rows; '"
                                + t.name()
                                + "' has "
                                + t.shape()[0]
                                + ", the others "
                                + n);
            }
            n = t.shape()[0];
        }
        float[][] rows = new float[(int) n][];
        Object[] values = new Object[card.columns().size()];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < values.length; c++) {
                values[c] = byName.get(card.columns().get(c).name()).value(r);
            }
            rows[r] = encode(encoder, values, r);
        }
        return rows;
    }

    private static void checkType(ColumnSpec column, Tensor t) {
        boolean numeric = column.kind() == ColumnSpec.Kind.NUMERIC;
        if (numeric ? !t.datatype().numeric() : t.datatype() != Datatype.BYTES) {
            throw new InferenceException(
                    "input '"
                            + t.name()
                            + "' is "
                            + (numeric ? "a number (FP32)" : "a category (BYTES)")
                            + " in this model, not "
                            + t.datatype());
        }
    }

    /** V1: rows as objects of exactly the columns, or as lists of their values in order. */
    static float[][] fromInstances(ModelCard card, ModelCard.Encoder encoder, JsonNode instances) {
        List<ColumnSpec> columns = card.columns();
        float[][] rows = new float[instances.size()][];
        Object[] values = new Object[columns.size()];
        int r = 0;
        for (JsonNode row : instances) {
            if (row.isObject()) {
                List<String> given = new ArrayList<>();
                for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    column(card, key);
                    given.add(key);
                }
                missing(card, given);
                for (int c = 0; c < values.length; c++) {
                    values[c] = feature(columns.get(c), row.get(columns.get(c).name()), r);
                }
            } else if (row.isArray()) {
                if (row.size() != columns.size()) {
                    throw new InferenceException(
                            "instance "
                                    + (r + 1)
                                    + " lists "
                                    + row.size()
                                    + " values; this model takes "
                                    + columns.size()
                                    + ", in the order "
                                    + names(card));
                }
                for (int c = 0; c < values.length; c++) {
                    values[c] = feature(columns.get(c), row.get(c), r);
                }
            } else {
                throw new InferenceException(
                        "each instance is an object of named features ("
                                + names(card)
                                + ") or a list of their values in that order");
            }
            rows[r] = encode(encoder, values, r);
            r++;
        }
        return rows;
    }

    /** A V1 value as the card encodes it: a finite number or a string; null when missing. */
    private static Object feature(ColumnSpec column, JsonNode v, int row) {
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return null;
        }
        boolean numeric = column.kind() == ColumnSpec.Kind.NUMERIC;
        if (numeric && v.isNumber() && Double.isFinite(v.asDouble())) {
            return v.asDouble();
        }
        if (!numeric && (v.isTextual() || v.isNumber() || v.isBoolean())) {
            return v.asText();
        }
        throw new InferenceException(
                "instance "
                        + (row + 1)
                        + ": feature '"
                        + column.name()
                        + "' must be "
                        + (numeric ? "a finite number" : "a string")
                        + " (or null when unknown), not "
                        + (v.isTextual()
                                ? "the string \"" + V2Codec.abbreviate(v.asText()) + "\""
                                : v.toString()));
    }

    private static float[] encode(ModelCard.Encoder encoder, Object[] values, int row) {
        try {
            return encoder.encode(values);
        } catch (InvalidDataException e) {
            throw new InferenceException("row " + (row + 1) + ": " + e.getMessage());
        }
    }

    private static ColumnSpec column(ModelCard card, String name) {
        for (ColumnSpec c : card.columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new InferenceException("unknown input '" + name + "'; the inputs are " + names(card));
    }

    private static void missing(ModelCard card, java.util.Collection<String> given) {
        List<String> absent = new ArrayList<>();
        for (ColumnSpec c : card.columns()) {
            if (!given.contains(c.name())) {
                absent.add(c.name());
            }
        }
        if (!absent.isEmpty()) {
            throw new InferenceException(
                    "missing input"
                            + (absent.size() == 1 ? " '" : "s '")
                            + String.join("', '", absent)
                            + "'; the inputs are "
                            + names(card)
                            + " (send null for a value that is unknown)");
        }
    }

    static String names(ModelCard card) {
        return String.join(", ", card.columns().stream().map(ColumnSpec::name).toList());
    }

    /** The outputs of a model with a card: the value, or the label and the class probabilities. */
    static List<Tensor> outputs(ModelCard card, float[][] scores) {
        int n = scores.length;
        if (card.task() == ModelCard.Task.REGRESSION) {
            float[] value = new float[n];
            for (int r = 0; r < n; r++) {
                value[r] = scores[r][0];
            }
            return List.of(new Tensor("value", Datatype.FP32, new long[] {n}, value));
        }
        int k = card.classes().size();
        String[] labels = new String[n];
        float[] probabilities = new float[n * k];
        float[] p = new float[k];
        for (int r = 0; r < n; r++) {
            probabilities(scores[r], p);
            int best = 0;
            for (int c = 0; c < k; c++) {
                probabilities[r * k + c] = p[c];
                best = p[c] > p[best] ? c : best;
            }
            labels[r] = card.classes().get(best);
        }
        return List.of(
                new Tensor("label", Datatype.BYTES, new long[] {n}, labels),
                new Tensor("probabilities", Datatype.FP32, new long[] {n, k}, probabilities));
    }

    /** Class probabilities from a model's scores: one score means the second of two classes. */
    static void probabilities(float[] scores, float[] into) {
        if (scores.length == 1 && into.length == 2) {
            into[1] = scores[0];
            into[0] = 1 - scores[0];
        } else {
            System.arraycopy(scores, 0, into, 0, Math.min(scores.length, into.length));
            Arrays.fill(into, Math.min(scores.length, into.length), into.length, 0f);
        }
    }
}
