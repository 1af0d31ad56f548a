package dev.knobs.trainer.serve;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * An Open Inference Protocol tensor with its values flat, in row-major order, in a primitive array
 * of its datatype ({@link Datatype}); outputs may also hold {@code float[]} or {@code int[]}.
 */
public record Tensor(String name, Datatype datatype, long[] shape, Object data) {

    /** How many values the data holds. */
    public int size() {
        return Array.getLength(data);
    }

    /** Value {@code i} as a double (numeric data only). */
    public double number(int i) {
        if (data instanceof double[] a) {
            return a[i];
        } else if (data instanceof float[] a) {
            return a[i];
        } else if (data instanceof long[] a) {
            return a[i];
        } else if (data instanceof int[] a) {
            return a[i];
        }
        throw new IllegalStateException("input '" + name + "' holds no numbers");
    }

    /** Value {@code i} as a Java object (Double, Long, Boolean or String). */
    public Object value(int i) {
        if (data instanceof long[] a) {
            return a[i];
        } else if (data instanceof int[] a) {
            return (long) a[i];
        } else if (data instanceof boolean[] a) {
            return a[i];
        } else if (data instanceof String[] a) {
            return a[i];
        } else if (data instanceof float[] a) {
            return a[i];
        }
        return number(i);
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
