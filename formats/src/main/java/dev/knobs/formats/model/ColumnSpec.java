package dev.knobs.formats.model;

import java.util.List;

/**
 * How one input column becomes model features: a numeric column is standardised ({@code (x - mean)
 * / scale}, a missing value becomes the mean); a categorical one is one-hot encoded as features
 * {@code column=value} (an unseen value encodes as all zeros).
 */
public record ColumnSpec(
        String name, Kind kind, double mean, double scale, List<String> categories) {
    public enum Kind {
        NUMERIC,
        CATEGORICAL
    }

    public static ColumnSpec numeric(String name, double mean, double scale) {
        return new ColumnSpec(name, Kind.NUMERIC, mean, scale == 0 ? 1 : scale, List.of());
    }

    public static ColumnSpec categorical(String name, List<String> categories) {
        return new ColumnSpec(name, Kind.CATEGORICAL, 0, 1, List.copyOf(categories));
    }
}
