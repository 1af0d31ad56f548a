package dev.knobs.formats.csv;

import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.Sizes;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a CSV file one record at a time (RFC 4180: quoted cells may hold commas, quotes ({@code
 * ""}) and line breaks), within {@link CsvLimits}. A UTF-8 byte order mark (Excel's "CSV UTF-8") is
 * dropped. Every problem is an {@link InvalidDataException} that names the row a person sees in a
 * spreadsheet.
 */
public final class CsvReader implements AutoCloseable {
    private static final char BOM = '\uFEFF';

    private final BufferedReader in;
    private final CsvLimits limits;
    private long record;

    private CsvReader(Reader in, CsvLimits limits) {
        this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        this.limits = limits;
    }

    /** Reads UTF-8 text; bytes that are not UTF-8 are refused, not silently replaced. */
    public static CsvReader open(InputStream bytes, CsvLimits limits) {
        Reader text =
                new InputStreamReader(
                        new Counted(bytes, limits.maxBytes()),
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT));
        return new CsvReader(text, limits);
    }

    public static CsvReader open(Reader text, CsvLimits limits) {
        return new CsvReader(text, limits);
    }

    /**
     * The header row: distinct, non-empty column names (trimmed), at most {@link
     * CsvLimits#maxColumns()} of them.
     */
    public List<String> header() throws IOException {
        List<String> raw = next();
        if (raw == null) {
            throw new InvalidDataException(
                    "the file is empty: expected a header row and data rows");
        }
        List<String> header = new ArrayList<>(raw.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i).strip();
            if (i == 0 && !name.isEmpty() && name.charAt(0) == BOM) {
                name = name.substring(1).strip();
            }
            if (name.isEmpty()) {
                throw new InvalidDataException(
                        "column " + (i + 1) + " of the header row has no name");
            }
            if (!names.add(name)) {
                throw new InvalidDataException("the header row names column '" + name + "' twice");
            }
            header.add(name);
        }
        return header;
    }

    /**
     * The next data row with exactly {@code columns} trimmed cells, skipping blank lines; null at
     * the end of the file.
     */
    public String[] row(int columns) throws IOException {
        while (true) {
            List<String> cells = next();
            if (cells == null) {
                return null;
            }
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue;
            }
            if (record - 1 > limits.maxRows()) {
                throw new InvalidDataException(
                        "the file has more than " + limits.maxRows() + " data rows");
            }
            if (cells.size() != columns) {
                throw new InvalidDataException(
                        "row "
                                + record
                                + " has "
                                + cells.size()
                                + " cells but the header has "
                                + columns
                                + " columns");
            }
            String[] row = new String[columns];
            for (int i = 0; i < columns; i++) {
                row[i] = cells.get(i).strip();
            }
            return row;
        }
    }

    /** The row number (1 = the header) of the record read last. */
    public long rowNumber() {
        return record;
    }

    /** The next record's raw cells, or null at the end of the file. */
    private List<String> next() throws IOException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        try {
            while ((c = in.read()) != -1) {
                any = true;
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        in.mark(1);
                        int n = in.read();
                        if (n == '"') {
                            append(cell, '"');
                        } else {
                            quoted = false;
                            if (n != -1) {
                                in.reset();
                            }
                        }
                    } else {
                        append(cell, ch);
                    }
                } else if (ch == '"' && cell.length() == 0) {
                    quoted = true;
                } else if (ch == ',') {
                    add(cells, cell);
                } else if (ch == '\n') {
                    add(cells, cell);
                    record++;
                    return cells;
                } else if (ch != '\r') {
                    if (ch == '\0') {
                        throw new InvalidDataException(
                                "the file is not text (it holds NUL bytes): expected a CSV file");
                    }
                    append(cell, ch);
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidDataException(
                    "row "
                            + (record + 1)
                            + " is not UTF-8 text: save the file as CSV UTF-8 and upload it again");
        }
        if (quoted) {
            throw new InvalidDataException(
                    "a quoted cell in row " + (record + 1) + " is never closed");
        }
        if (!any || (cell.length() == 0 && cells.isEmpty())) {
            return null;
        }
        add(cells, cell);
        record++;
        return cells;
    }

    private void append(StringBuilder cell, char ch) {
        if (cell.length() >= limits.maxCellChars()) {
            throw new InvalidDataException(
                    "a cell in row "
                            + (record + 1)
                            + " is longer than "
                            + limits.maxCellChars()
                            + " characters");
        }
        cell.append(ch);
    }

    private void add(List<String> cells, StringBuilder cell) {
        if (cells.size() >= limits.maxColumns()) {
            throw new InvalidDataException(
                    "row "
                            + (record + 1)
                            + " has more than "
                            + limits.maxColumns()
                            + " columns; Knobs takes at most "
                            + limits.maxColumns());
        }
        cells.add(cell.toString());
        cell.setLength(0);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Refuses a file past {@code max} bytes as it streams in. */
    private static final class Counted extends FilterInputStream {
        private final long max;
        private long seen;

        Counted(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            seen += n;
            if (seen > max) {
                throw new InvalidDataException(
                        "the file is larger than "
                                + Sizes.show(max)
                                + "; Knobs takes at most that");
            }
        }
    }
}
