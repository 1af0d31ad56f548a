package dev.knobs.formats.csv;

/**
 * How much of a CSV file Knobs reads before it refuses it: its size in bytes, its data rows, its
 * columns and the characters of one cell. Checked while the file streams in, so nothing larger is
 * ever held in memory.
 */
public record CsvLimits(long maxBytes, long maxRows, int maxColumns, int maxCellChars) {

    /** 1 GiB, ten million rows, 2,000 columns, 65,536 characters a cell. */
    public static final CsvLimits DEFAULT = new CsvLimits(1L << 30, 10_000_000, 2_000, 65_536);

    public CsvLimits {
        if (maxBytes < 1 || maxRows < 1 || maxColumns < 1 || maxCellChars < 1) {
            throw new IllegalArgumentException("CSV limits must be positive");
        }
    }
}
