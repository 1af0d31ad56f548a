package dev.knobs.formats.model;

import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protobuf wire format to read an ONNX file's signature: fields one at a time,
 * varints, and length-delimited values read as nested messages or UTF-8 strings. Every read is
 * bounded by the message it is in; a malformed file throws {@link IllegalArgumentException}.
 */
final class Protobuf {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private int position;
    private final int end;
    private int tag;

    Protobuf(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private Protobuf(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    /** Moves to the next field; false at the end of this message. */
    boolean next() {
        if (position >= end) {
            return false;
        }
        long key = varint();
        tag = (int) key;
        if (key >>> 3 == 0 || key > Integer.MAX_VALUE) {
            throw malformed("a field number of 0");
        }
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw malformed("a number cut short");
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw malformed("a number longer than ten bytes");
    }

    /** The current length-delimited field as a nested message. */
    Protobuf message() {
        int length = length();
        Protobuf nested = new Protobuf(bytes, position, position + length);
        position += length;
        return nested;
    }

    String string() {
        int length = length();
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    /** Skips the current field's value, whatever its wire type. */
    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(length());
            case FIXED32 -> advance(4);
            default -> throw malformed("wire type " + wireType());
        }
    }

    private int length() {
        if (wireType() != LENGTH_DELIMITED) {
            throw malformed("field " + field() + " of wire type " + wireType());
        }
        long length = varint();
        if (length < 0 || length > end - position) {
            throw malformed("a field longer than the file");
        }
        return (int) length;
    }

    private void advance(int n) {
        if (n > end - position) {
            throw malformed("a field longer than the file");
        }
        position += n;
    }

    private IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException(
                "it is not a protobuf message (at byte " + position + ": " + what + ")");
    }
}
