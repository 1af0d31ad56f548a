package dev.knobs.trainer.serve;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Tensors in and out of an ONNX model without a Knobs card, held to the model's own inputs: every
 * input given, nothing else, each in the model's datatype with the model's rank and every fixed
 * dimension ({@code -1} in the model takes any size).
 */
final class OnnxInputs {
    private OnnxInputs() {}

    static void check(Map<String, NodeInfo> expected, List<Tensor> inputs) {
        String names = String.join(", ", expected.keySet());
        for (Tensor t : inputs) {
            NodeInfo node = expected.get(t.name());
            if (node == null) {
                throw new InferenceException(
                        "unknown input '" + t.name() + "'; the inputs are " + names);
            }
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new InferenceException(
                        "input '" + t.name() + "' is not a tensor; Knobs cannot feed it");
            }
            Datatype wanted = Datatype.of(OnnxModel.datatype(info.type), t.name());
            if (t.datatype() != wanted) {
                throw new InferenceException(
                        "input '"
                                + t.name()
                                + "' is "
                                + wanted
                                + " in this model, not "
                                + t.datatype());
            }
            long[] dims = info.getShape();
            boolean fits = dims.length == t.shape().length;
            for (int i = 0; fits && i < dims.length; i++) {
                fits = dims[i] < 0 || dims[i] == t.shape()[i];
            }
            if (!fits) {
                throw new InferenceException(
                        "input '"
                                + t.name()
                                + "' has shape "
                                + Arrays.toString(dims)
                                + " in this model (-1: any size), not "
                                + t.shapeText());
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : expected.keySet()) {
            if (inputs.stream().noneMatch(t -> t.name().equals(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new InferenceException(
                    "missing input '"
                            + String.join("', '", missing)
                            + "'; the inputs are "
                            + names);
        }
    }

    static OnnxTensor toOnnx(OrtEnvironment env, Tensor t, NodeInfo node) throws OrtException {
        long[] shape = t.shape();
        int n = t.size();
        switch (((TensorInfo) node.getInfo()).type) {
            case FLOAT -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = (float) t.number(i);
                return OnnxTensor.createTensor(env, FloatBuffer.wrap(a), shape);
            }
            case DOUBLE -> {
                return OnnxTensor.createTensor(env, DoubleBuffer.wrap((double[]) t.data()), shape);
            }
            case INT64 -> {
                return OnnxTensor.createTensor(env, LongBuffer.wrap((long[]) t.data()), shape);
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = (int) ((long[]) t.data())[i];
                return OnnxTensor.createTensor(env, IntBuffer.wrap(a), shape);
            }
            case INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) a[i] = (short) ((long[]) t.data())[i];
                return OnnxTensor.createTensor(env, ShortBuffer.wrap(a), shape);
            }
            case INT8, UINT8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) a[i] = (byte) ((long[]) t.data())[i];
                OnnxJavaType type = ((TensorInfo) node.getInfo()).type;
                return OnnxTensor.createTensor(env, ByteBuffer.wrap(a), shape, type);
            }
            case BOOL -> {
                boolean[] b = (boolean[]) t.data();
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) a[i] = (byte) (b[i] ? 1 : 0);
                return OnnxTensor.createTensor(env, ByteBuffer.wrap(a), shape, OnnxJavaType.BOOL);
            }
            case STRING -> {
                return OnnxTensor.createTensor(env, (String[]) t.data(), shape);
            }
            default ->
                    throw new InferenceException(
                            "input '"
                                    + t.name()
                                    + "' has a datatype Knobs cannot feed ("
                                    + t.datatype()
                                    + ")");
        }
    }

    static Tensor fromOnnx(String name, OnnxTensor t) throws OrtException {
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        Object data =
                switch (info.type) {
                    case FLOAT -> array(t.getFloatBuffer());
                    case DOUBLE -> array(t.getDoubleBuffer());
                    case INT64 -> array(t.getLongBuffer());
                    case INT32 -> array(t.getIntBuffer());
                    case STRING -> strings(t.getValue(), (int) t.getInfo().getNumElements());
                    case BOOL -> booleans(t.getByteBuffer());
                    case INT8, UINT8 -> bytes(t.getByteBuffer(), info.type == OnnxJavaType.UINT8);
                    default ->
                            throw new InferenceException(
                                    "output '"
                                            + name
                                            + "' has type "
                                            + info.type
                                            + ", which cannot be returned");
                };
        return new Tensor(name, Datatype.valueOf(OnnxModel.datatype(info.type)), shape, data);
    }

    private static float[] array(FloatBuffer b) {
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    private static double[] array(DoubleBuffer b) {
        double[] a = new double[b.remaining()];
        b.get(a);
        return a;
    }

    private static long[] array(LongBuffer b) {
        long[] a = new long[b.remaining()];
        b.get(a);
        return a;
    }

    private static int[] array(IntBuffer b) {
        int[] a = new int[b.remaining()];
        b.get(a);
        return a;
    }

    private static boolean[] booleans(ByteBuffer b) {
        boolean[] a = new boolean[b.remaining()];
        for (int i = 0; i < a.length; i++) a[i] = b.get() != 0;
        return a;
    }

    private static long[] bytes(ByteBuffer b, boolean unsigned) {
        long[] a = new long[b.remaining()];
        for (int i = 0; i < a.length; i++) a[i] = unsigned ? b.get() & 0xff : b.get();
        return a;
    }

    private static String[] strings(Object value, int size) {
        List<String> flat = new ArrayList<>(size);
        flatten(value, flat);
        return flat.toArray(String[]::new);
    }

    private static void flatten(Object value, List<String> into) {
        if (value instanceof Object[] array) {
            for (Object o : array) flatten(o, into);
        } else {
            into.add(String.valueOf(value));
        }
    }
}
