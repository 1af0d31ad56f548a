package dev.knobs.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A CSV file read whole: a header row of distinct column names and rows of text cells (RFC 4180
 * quoting). Every problem is reported with the row number a person sees in a spreadsheet.
 */
public record Table(List<String> columns, List<String[]> rows) {

    public static Table read(Reader source) throws IOException {
        List<List<String>> records = new Csv(new BufferedReader(source)).records();
        if (records.isEmpty()) {
            throw new InvalidDataException(
                    "the file is empty: expected a header row and data rows");
        }
        List<String> header = records.get(0).stream().map(String::trim).toList();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name.isEmpty()) {
                throw new InvalidDataException(
                        "column " + (i + 1) + " of the header row has no name");
            }
            if (!names.add(name)) {
                throw new InvalidDataException("the header row names column '" + name + "' twice");
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue;
            }
            if (record.size() != header.size()) {
                throw new InvalidDataException(
                        "row "
                                + (r + 1)
                                + " has "
                                + record.size()
                                + " cells but the header has "
                                + header.size()
                                + " columns");
            }
            rows.add(record.stream().map(String::trim).toArray(String[]::new));
        }
        if (rows.isEmpty()) {
            throw new InvalidDataException("the file has a header row but no data rows");
        }
        return new Table(header, rows);
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

    /** A minimal RFC 4180 reader: quoted cells may hold commas, quotes ("") and line breaks. */
    private static final class Csv {
        private final BufferedReader in;

        Csv(BufferedReader in) {
            this.in = in;
        }

        List<List<String>> records() throws IOException {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            int c;
            while ((c = in.read()) != -1) {
                any = true;
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        in.mark(1);
                        int n = in.read();
                        if (n == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            if (n != -1) {
                                in.reset();
                            }
                        }
                    } else {
                        cell.append(ch);
                    }
                } else if (ch == '"' && cell.length() == 0) {
                    quoted = true;
                } else if (ch == ',') {
                    record.add(cell.toString());
                    cell.setLength(0);
                } else if (ch == '\n') {
                    record.add(cell.toString());
                    cell.setLength(0);
                    records.add(record);
                    record = new ArrayList<>();
                } else if (ch != '\r') {
                    if (ch == '\0') {
                        throw new InvalidDataException(
                                "the file is not text (it holds NUL bytes): expected a CSV file");
                    }
                    cell.append(ch);
                }
            }
            if (quoted) {
                throw new InvalidDataException(
                        "a quoted cell in row " + (records.size() + 1) + " is never closed");
            }
            if (any && (cell.length() > 0 || !record.isEmpty())) {
                record.add(cell.toString());
                records.add(record);
            }
            return records;
        }
    }
}
