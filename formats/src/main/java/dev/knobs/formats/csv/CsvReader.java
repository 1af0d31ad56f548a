package dev.knobs.formats.csv;

import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.Sizes;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file one record at a time with Apache Commons CSV (RFC 4180: quoted cells may hold
 * delimiters, quotes ({@code ""}) and line breaks), within {@link CsvLimits}. A UTF-8 byte order
 * mark (Excel's "CSV UTF-8") is dropped, and the delimiter is the one of {@code ,} {@code ;} and
 * tab that the header row uses most outside quotes (Excel writes {@code ;} where the decimal mark
 * is a comma). Every problem is an {@link InvalidDataException} that names the row a person sees in
 * a spreadsheet.
 */
public final class CsvReader implements AutoCloseable {
    private static final char BOM = '\uFEFF';

    /** How much of the file the delimiter is guessed from: the header row, up to this. */
    private static final int SNIFF_CHARS = 1 << 20;

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CsvLimits limits;
    private final char delimiter;
    private long record;

    private CsvReader(Reader text, CsvLimits limits) throws IOException {
        BufferedReader in =
                text instanceof BufferedReader b ? b : new BufferedReader(text, 1 << 16);
        try {
            in.mark(1);
            if (in.read() != BOM) {
                in.reset();
            }
            this.delimiter = sniff(in);
        } catch (CharacterCodingException e) {
            throw new InvalidDataException(
                    "the file is not UTF-8 text: save it as CSV UTF-8 and upload it again");
        }
        this.limits = limits;
        this.parser =
                CSVFormat.RFC4180
                        .builder()
                        .setDelimiter(delimiter)
                        .setIgnoreEmptyLines(false)
                        .get()
                        .parse(new Limited(in, delimiter, limits));
        this.records = parser.iterator();
    }

    /** Reads UTF-8 text; bytes that are not UTF-8 are refused, not silently replaced. */
    public static CsvReader open(InputStream bytes, CsvLimits limits) throws IOException {
        Reader text =
                new InputStreamReader(
                        new Counted(bytes, limits.maxBytes()),
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT));
        return new CsvReader(text, limits);
    }

    public static CsvReader open(Reader text, CsvLimits limits) throws IOException {
        return new CsvReader(text, limits);
    }

    /** The delimiter the file uses: {@code ,}, {@code ;} or tab. */
    public char delimiter() {
        return delimiter;
    }

    /** The candidate the first row holds most of outside quotes; a comma when it holds none. */
    private static char sniff(BufferedReader in) throws IOException {
        in.mark(SNIFF_CHARS + 1);
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        try {
            for (int i = 0, c; i < SNIFF_CHARS && (c = in.read()) != -1; i++) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && (c == '\n' || c == '\r')) {
                    break;
                } else if (!quoted) {
                    commas += c == ',' ? 1 : 0;
                    semicolons += c == ';' ? 1 : 0;
                    tabs += c == '\t' ? 1 : 0;
                }
            }
        } finally {
            in.reset();
        }
        if (tabs > commas && tabs >= semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
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
                                + " columns"
                                + (columns == 1
                                        ? "; Knobs reads ',', ';' and tab as delimiters"
                                        : ""));
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
    private List<String> next() {
        CSVRecord r;
        try {
            if (!records.hasNext()) {
                return null;
            }
            r = records.next();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notUtf8(record + 1);
            }
            throw new InvalidDataException(
                    "a quoted cell in row " + (record + 1) + " is never closed");
        } catch (IllegalStateException e) {
            throw new InvalidDataException(
                    "row " + (record + 1) + " cannot be read as CSV: " + e.getMessage());
        }
        record++;
        List<String> cells = r.toList();
        for (String cell : cells) {
            if (cell.indexOf('\0') >= 0) {
                throw new InvalidDataException(
                        "the file is not text (it holds NUL bytes): expected a CSV file");
            }
        }
        return cells;
    }

    private static InvalidDataException notUtf8(long row) {
        return new InvalidDataException(
                "row "
                        + row
                        + " is not UTF-8 text: save the file as CSV UTF-8 and upload it again");
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /**
     * Holds the text to the cell and column limits as it streams into the parser, so no cell or row
     * larger than allowed is ever built: it follows quotes, delimiters and line ends as RFC 4180
     * does, counting characters per cell and cells per record.
     */
    private static final class Limited extends Reader {
        private final Reader in;
        private final char delimiter;
        private final CsvLimits limits;
        private boolean quoted;
        private boolean justClosed;
        private int cellChars;
        private int cells = 1;
        private long row = 1;

        Limited(Reader in, char delimiter, CsvLimits limits) {
            this.in = in;
            this.delimiter = delimiter;
            this.limits = limits;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            for (int i = offset; i < offset + n; i++) {
                see(buffer[i]);
            }
            return n;
        }

        private void see(char c) {
            if (quoted) {
                // a quote inside quotes ends them, or with the next one stands for itself
                quoted = c != '"';
                justClosed = c == '"';
            } else if (c == '"' && (cellChars == 0 || justClosed)) {
                quoted = true;
                justClosed = false;
            } else if (c == delimiter) {
                justClosed = false;
                cellChars = 0;
                if (++cells > limits.maxColumns()) {
                    throw new InvalidDataException(
                            "row "
                                    + row
                                    + " has more than "
                                    + limits.maxColumns()
                                    + " columns; Knobs takes at most "
                                    + limits.maxColumns());
                }
                return;
            } else if (c == '\n') {
                justClosed = false;
                cellChars = 0;
                cells = 1;
                row++;
                return;
            } else {
                justClosed = false;
            }
            if (++cellChars > limits.maxCellChars() + 2) {
                throw new InvalidDataException(
                        "a cell in row "
                                + row
                                + " is longer than "
                                + limits.maxCellChars()
                                + " characters");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
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
