package dev.knobs.trainer.data;

import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.csv.Table;
import dev.knobs.formats.model.ColumnSpec;
import dev.knobs.formats.model.ModelCard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A table split deterministically into training and validation rows, with the column encoding
 * learnt from the training rows only.
 */
public record PreparedData(
        ModelCard.Task task,
        String labelColumn,
        List<String> classes,
        List<ColumnSpec> columns,
        List<Map<String, String>> train,
        List<Map<String, String>> validation) {

    /** Classification when the label is not numeric or has at most this many distinct values. */
    private static final int MAX_CLASSES_FOR_NUMERIC_LABEL = 10;

    public static PreparedData prepare(
            Table table, String labelColumn, double validationFraction, long seed) {
        int label = table.column(labelColumn);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String[] cells : table.rows()) {
            if (cells[label].isEmpty()) {
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < cells.length; i++) {
                row.put(table.columns().get(i), cells[i]);
            }
            rows.add(row);
        }
        if (rows.size() < 10) {
            throw new InvalidDataException(
                    "at least 10 rows with a value in '"
                            + labelColumn
                            + "' are needed, found "
                            + rows.size());
        }
        java.util.Collections.shuffle(rows, new Random(seed));
        int validationSize = Math.max(1, (int) Math.round(rows.size() * validationFraction));
        List<Map<String, String>> validation = rows.subList(0, validationSize);
        List<Map<String, String>> train = rows.subList(validationSize, rows.size());

        Set<String> labelValues = new TreeSet<>();
        boolean numericLabel = true;
        for (Map<String, String> row : rows) {
            labelValues.add(row.get(labelColumn));
            numericLabel &= isNumber(row.get(labelColumn));
        }
        ModelCard.Task task =
                !numericLabel || labelValues.size() <= MAX_CLASSES_FOR_NUMERIC_LABEL
                        ? ModelCard.Task.CLASSIFICATION
                        : ModelCard.Task.REGRESSION;
        if (task == ModelCard.Task.CLASSIFICATION && labelValues.size() < 2) {
            throw new InvalidDataException(
                    "the label column '" + labelColumn + "' has only one value; nothing to learn");
        }
        List<ColumnSpec> columns = new ArrayList<>();
        for (String name : table.columns()) {
            if (!name.equals(labelColumn)) {
                columns.add(spec(name, train));
            }
        }
        return new PreparedData(
                task,
                labelColumn,
                task == ModelCard.Task.CLASSIFICATION ? List.copyOf(labelValues) : List.of(),
                columns,
                List.copyOf(train),
                List.copyOf(validation));
    }

    private static ColumnSpec spec(String name, List<Map<String, String>> rows) {
        boolean numeric = true;
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        Set<String> values = new LinkedHashSet<>();
        for (Map<String, String> row : rows) {
            String v = row.get(name);
            if (v.isEmpty()) {
                continue;
            }
            values.add(v);
            if (numeric && isNumber(v)) {
                double x = Double.parseDouble(v);
                sum += x;
                sumSq += x * x;
                n++;
            } else {
                numeric = false;
            }
        }
        if (numeric && n > 0) {
            double mean = sum / n;
            double variance = Math.max(0, sumSq / n - mean * mean);
            return ColumnSpec.numeric(name, mean, Math.sqrt(variance));
        }
        if (values.size() > 1000) {
            throw new InvalidDataException(
                    "column '"
                            + name
                            + "' is neither numeric nor categorical: it has "
                            + values.size()
                            + " distinct text values");
        }
        return ColumnSpec.categorical(name, new ArrayList<>(new TreeSet<>(values)));
    }

    static boolean isNumber(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        try {
            double d = Double.parseDouble(s);
            return !Double.isNaN(d) && !Double.isInfinite(d);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public List<String> featureNames() {
        return ModelCard.featureNames(columns);
    }
}
