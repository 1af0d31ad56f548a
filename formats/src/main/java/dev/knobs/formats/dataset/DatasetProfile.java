package dev.knobs.formats.dataset;

import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.csv.CsvLimits;
import dev.knobs.formats.csv.CsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a person sees of a dataset before training: its columns with their detected types, and the
 * first rows. Made in one pass over the file, holding only the first rows and, per column, at most
 * {@value #DISTINCT_CAP} distinct values (as 64-bit hashes).
 */
public record DatasetProfile(int rows, List<Column> columns, List<List<String>> preview) {
    public static final int PREVIEW_ROWS = 5;

    /** Distinct values are counted up to this many; a column with more shows this number. */
    public static final int DISTINCT_CAP = 1000;

    /**
     * One column: {@code numeric} when every non-empty cell is a number, else {@code categorical}.
     */
    public record Column(String name, String type, int distinct, int missing) {}

    /**
     * Reads a CSV upload within {@code limits}; it must have a header, at least two columns (the
     * features and the label) and a data row.
     */
    public static DatasetProfile of(InputStream csv, CsvLimits limits) throws IOException {
        try (CsvReader reader = CsvReader.open(csv, limits)) {
            List<String> header = reader.header();
            if (header.size() < 2) {
                throw new InvalidDataException(
                        "a dataset needs at least two columns (features and a label); this one has "
                                + header.size()
                                + " — is it comma-separated?");
            }
            List<Tally> tallies = header.stream().map(Tally::new).toList();
            List<List<String>> preview = new ArrayList<>();
            int rows = 0;
            String[] row;
            while ((row = reader.row(header.size())) != null) {
                for (int c = 0; c < row.length; c++) {
                    tallies.get(c).add(row[c]);
                }
                if (preview.size() < PREVIEW_ROWS) {
                    preview.add(List.of(row));
                }
                rows++;
            }
            if (rows == 0) {
                throw new InvalidDataException("the file has a header row but no data rows");
            }
            return new DatasetProfile(rows, tallies.stream().map(Tally::column).toList(), preview);
        }
    }

    public boolean hasColumn(String name) {
        return columns.stream().anyMatch(c -> c.name().equals(name));
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** One column's counts so far. */
    private static final class Tally {
        final String name;
        final Set<Long> distinct = new HashSet<>();
        boolean numeric = true;
        int missing;

        Tally(String name) {
            this.name = name;
        }

        void add(String cell) {
            if (cell.isEmpty()) {
                missing++;
                return;
            }
            if (distinct.size() < DISTINCT_CAP) {
                distinct.add(fnv64(cell));
            }
            numeric &= isNumber(cell);
        }

        Column column() {
            return new Column(
                    name,
                    numeric && !distinct.isEmpty() ? "numeric" : "categorical",
                    distinct.size(),
                    missing);
        }
    }

    private static long fnv64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
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
