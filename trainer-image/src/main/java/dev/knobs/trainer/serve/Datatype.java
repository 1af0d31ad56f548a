package dev.knobs.trainer.serve;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The Open Inference Protocol's tensor datatypes. Values of the floating point types are held as
 * {@code double[]}, of the integer types as {@code long[]}, {@code BOOL} as {@code boolean[]} and
 * {@code BYTES} as {@code String[]}.
 */
public enum Datatype {
    BOOL(0, 1),
    UINT8(0, 255),
    UINT16(0, 65_535),
    UINT32(0, 4_294_967_295L),
    UINT64(0, Long.MAX_VALUE),
    INT8(Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16(Short.MIN_VALUE, Short.MAX_VALUE),
    INT32(Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64(Long.MIN_VALUE, Long.MAX_VALUE),
    FP16(0, 0),
    FP32(0, 0),
    FP64(0, 0),
    BYTES(0, 0);

    private static final Datatype[] ALL = values();

    private static final String NAMES =
            Arrays.stream(ALL).map(Enum::name).collect(Collectors.joining(", "));

    /** The smallest and largest value of an integer type. */
    final long min;

    final long max;

    Datatype(long min, long max) {
        this.min = min;
        this.max = max;
    }

    /** The datatype a request names, or a sentence saying which exist. */
    public static Datatype of(String name, String input) {
        for (Datatype d : ALL) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new InferenceException(
                "input '"
                        + input
                        + "' has datatype '"
                        + name
                        + "', which the Open Inference Protocol does not have; use one of "
                        + NAMES);
    }

    public boolean floating() {
        return this == FP16 || this == FP32 || this == FP64;
    }

    public boolean integer() {
        return !floating() && this != BOOL && this != BYTES;
    }

    public boolean numeric() {
        return floating() || integer();
    }

    /** The largest finite magnitude the type holds. */
    double largest() {
        return switch (this) {
            case FP16 -> 65_504;
            case FP32 -> Float.MAX_VALUE;
            default -> Double.MAX_VALUE;
        };
    }
}
