package dev.knobs.web.dataset;

import dev.knobs.trainer.data.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a person sees of a dataset before training: its columns with their detected types, and the
 * first rows.
 */
public record DatasetProfile(int rows, List<Column> columns, List<List<String>> preview) {
    public static final int PREVIEW_ROWS = 5;

    /**
     * One column: {@code numeric} when every non-empty cell is a number, else {@code categorical}.
     */
    public record Column(String name, String type, int distinct, int missing) {}

    public static DatasetProfile of(Table table) {
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            Set<String> distinct = new HashSet<>();
            boolean numeric = true;
            int missing = 0;
            for (String[] row : table.rows()) {
                String cell = row[c];
                if (cell.isEmpty()) {
                    missing++;
                    continue;
                }
                distinct.add(cell);
                numeric &= isNumber(cell);
            }
            columns.add(
                    new Column(
                            table.columns().get(c),
                            numeric && !distinct.isEmpty() ? "numeric" : "categorical",
                            distinct.size(),
                            missing));
        }
        List<List<String>> preview =
                table.rows().stream().limit(PREVIEW_ROWS).map(List::of).toList();
        return new DatasetProfile(table.rows().size(), columns, preview);
    }

    public boolean hasColumn(String name) {
        return columns.stream().anyMatch(c -> c.name().equals(name));
    }

    private static boolean isNumber(String s) {
        try {
            double d = Double.parseDouble(s);
            return !Double.isNaN(d) && !Double.isInfinite(d);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
