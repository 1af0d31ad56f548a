package dev.knobs.formats.csv;

import dev.knobs.formats.InvalidDataException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read whole, for training: a header row of distinct column names and rows of trimmed
 * text cells, read by {@link CsvReader} within its limits.
 */
public record Table(List<String> columns, List<String[]> rows) {

    public static Table read(InputStream csv, CsvLimits limits) throws IOException {
        try (CsvReader reader = CsvReader.open(csv, limits)) {
            List<String> header = reader.header();
            List<String[]> rows = new ArrayList<>();
            String[] row;
            while ((row = reader.row(header.size())) != null) {
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new InvalidDataException("the file has a header row but no data rows");
            }
            return new Table(header, rows);
        }
    }

    public int column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new InvalidDataException(
                    "there is no column '"
                            + name
                            + "'; the columns are "
                            + String.join(", ", columns));
        }
        return index;
    }
}
