package dev.knobs.trainer.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;
import java.util.Arrays;

/** The values of one input as they are read, and the structure of their nesting. */
final class TensorValues {
    private final Datatype type;
    private double[] doubles;
    private long[] longs;
    private boolean[] bools;
    private String[] strings;
    private int size;
    private int leafDepth = -1;

    /** The length of the lists at each depth (only for nested data). */
    private int[] lengths;

    /** The length of the outermost list. */
    private int topLength = -1;

    TensorValues(Datatype type) {
        this.type = type;
        int initial = 4;
        if (type.floating()) {
            doubles = new double[initial];
        } else if (type.integer()) {
            longs = new long[initial];
        } else if (type == Datatype.BOOL) {
            bools = new boolean[initial];
        } else {
            strings = new String[initial];
        }
    }

    void leafAt(String name, int depth) {
        if (leafDepth == -1) {
            leafDepth = depth;
        } else if (leafDepth != depth) {
            throw ragged(name);
        }
    }

    void closed(String name, int depth, int count) {
        if (depth == 1) {
            topLength = count;
            return;
        }
        if (lengths == null) {
            lengths = new int[16];
            Arrays.fill(lengths, -1);
        }
        if (lengths[depth - 1] == -1) {
            lengths[depth - 1] = count;
        } else if (lengths[depth - 1] != count) {
            throw ragged(name);
        }
    }

    private int length(int depth) {
        return depth == 0 ? topLength : lengths == null ? -1 : lengths[depth];
    }

    private static InferenceException ragged(String name) {
        return new InferenceException(
                "input '"
                        + name
                        + "' has nested data of uneven lengths; nest it exactly as its shape, or send it flat");
    }

    void add(JsonParser p, String name, boolean allowNonFinite) throws IOException {
        grow();
        JsonToken t = p.currentToken();
        if (type.floating()) {
            doubles[size++] = floating(p, t, name, allowNonFinite);
        } else if (type.integer()) {
            longs[size++] = integer(p, t, name);
        } else if (type == Datatype.BOOL) {
            if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                throw wrong(name, p, "true or false");
            }
            bools[size++] = t == JsonToken.VALUE_TRUE;
        } else {
            if (t != JsonToken.VALUE_STRING) {
                throw wrong(name, p, "strings");
            }
            strings[size++] = p.getText();
        }
    }

    private double floating(JsonParser p, JsonToken t, String name, boolean allowNonFinite)
            throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (!Double.isFinite(d) || Math.abs(d) > type.largest()) {
                throw outOfRange(name, p);
            }
            return d;
        }
        if (t == JsonToken.VALUE_STRING && allowNonFinite) {
            switch (p.getText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw wrong(
                name,
                p,
                allowNonFinite
                        ? "numbers (or \"NaN\", \"Infinity\", \"-Infinity\")"
                        : "finite numbers (this model takes no NaN or infinity)");
    }

    private long integer(JsonParser p, JsonToken t, String name) throws IOException {
        long v;
        if (t == JsonToken.VALUE_NUMBER_INT) {
            try {
                v = p.getLongValue();
            } catch (InputCoercionException e) {
                throw outOfRange(name, p);
            }
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT
                && p.getDoubleValue() == Math.rint(p.getDoubleValue())
                && Math.abs(p.getDoubleValue()) < 0x1p63) {
            v = (long) p.getDoubleValue();
        } else {
            throw wrong(name, p, "whole numbers");
        }
        if (v < type.min || v > type.max) {
            throw outOfRange(name, p);
        }
        return v;
    }

    private InferenceException outOfRange(String name, JsonParser p) throws IOException {
        return new InferenceException(
                "input '"
                        + name
                        + "' holds "
                        + p.getText()
                        + ", which is out of range for "
                        + type);
    }

    private InferenceException wrong(String name, JsonParser p, String expected)
            throws IOException {
        String got =
                p.currentToken() == JsonToken.VALUE_STRING
                        ? "the string \"" + V2Codec.abbreviate(p.getText()) + "\""
                        : p.currentToken() == JsonToken.VALUE_NULL
                                ? "null"
                                : p.currentToken() == JsonToken.START_OBJECT
                                        ? "an object"
                                        : p.getText();
        return new InferenceException(
                "input '"
                        + name
                        + "' is "
                        + type
                        + ": its values are "
                        + expected
                        + ", not "
                        + got);
    }

    private void grow() {
        if (type.floating() && size == doubles.length) {
            doubles = Arrays.copyOf(doubles, size * 2);
        } else if (type.integer() && size == longs.length) {
            longs = Arrays.copyOf(longs, size * 2);
        } else if (type == Datatype.BOOL && size == bools.length) {
            bools = Arrays.copyOf(bools, size * 2);
        } else if (type == Datatype.BYTES && size == strings.length) {
            strings = Arrays.copyOf(strings, size * 2);
        }
    }

    /** The shape's rule: as many values as it calls for, and nested data nested as it is. */
    void checkShape(String name, long[] shape) {
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        if (elements != size) {
            throw new InferenceException(
                    "input '"
                            + name
                            + "' has shape "
                            + Arrays.toString(shape)
                            + " ("
                            + elements
                            + " values) but "
                            + size
                            + " values of data");
        }
        if (leafDepth > 1) {
            boolean nestedAsShape = leafDepth == shape.length;
            for (int i = 0; nestedAsShape && i < leafDepth; i++) {
                nestedAsShape = length(i) == -1 || length(i) == shape[i];
            }
            if (!nestedAsShape) {
                throw new InferenceException(
                        "input '"
                                + name
                                + "' nests its data differently from its shape "
                                + Arrays.toString(shape)
                                + "; nest it exactly as the shape, or send it flat");
            }
        }
    }

    Object values() {
        if (type.floating()) {
            return size == doubles.length ? doubles : Arrays.copyOf(doubles, size);
        } else if (type.integer()) {
            return size == longs.length ? longs : Arrays.copyOf(longs, size);
        } else if (type == Datatype.BOOL) {
            return size == bools.length ? bools : Arrays.copyOf(bools, size);
        }
        return size == strings.length ? strings : Arrays.copyOf(strings, size);
    }
}
