package dev.knobs.trainer.serve;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.formats.model.ModelCard;
import dev.knobs.formats.model.TensorSpec;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An ONNX model in ONNX Runtime with one intra-op thread. */
final class OnnxModel implements LoadedModel {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final Optional<ModelCard> card;

    OnnxModel(byte[] bytes) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = ENV.createSession(bytes, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("not a valid ONNX model: " + e.getMessage(), e);
        }
        String cardJson = session.getMetadata().getCustomMetadata().get(ModelCard.KEY);
        card =
                cardJson == null
                        ? Optional.empty()
                        : Optional.of(Json.MAPPER.readValue(cardJson, ModelCard.class));
    }

    @Override
    public String format() {
        return ModelRef.ONNX;
    }

    @Override
    public Optional<ModelCard> card() {
        return card;
    }

    @Override
    public List<TensorSpec> inputs() {
        return card.map(ModelCard::inputs).orElseGet(() -> specs(infos(true)));
    }

    @Override
    public List<TensorSpec> outputs() {
        return card.map(ModelCard::outputs).orElseGet(() -> specs(infos(false)));
    }

    private Map<String, NodeInfo> infos(boolean inputs) {
        try {
            return inputs ? session.getInputInfo() : session.getOutputInfo();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> specs = new ArrayList<>();
        infos.forEach(
                (name, info) -> {
                    if (info.getInfo() instanceof TensorInfo t) {
                        specs.add(
                                new TensorSpec(
                                        name,
                                        datatype(t.type),
                                        Arrays.stream(t.getShape()).boxed().toList()));
                    } else {
                        specs.add(new TensorSpec(name, "UNSUPPORTED", List.of()));
                    }
                });
        return specs;
    }

    @Override
    public float[][] scores(float[][] rows) throws Exception {
        int width = card.orElseThrow().featureOrder().size();
        FloatBuffer buffer = FloatBuffer.allocate(rows.length * width);
        for (float[] row : rows) {
            buffer.put(row);
        }
        buffer.flip();
        String input = session.getInputNames().iterator().next();
        try (OnnxTensor tensor =
                        OnnxTensor.createTensor(ENV, buffer, new long[] {rows.length, width});
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long[] shape = out.getInfo().getShape();
            int k = shape.length > 1 ? (int) shape[1] : 1;
            FloatBuffer values = out.getFloatBuffer();
            float[][] scores = new float[rows.length][k];
            for (int r = 0; r < rows.length; r++) {
                values.get(scores[r]);
            }
            return scores;
        }
    }

    @Override
    public Map<String, Tensor> infer(Map<String, Tensor> inputs) throws Exception {
        if (card.isPresent()) {
            return LoadedModel.inferByColumns(this, card.get(), inputs);
        }
        Map<String, NodeInfo> expected = session.getInputInfo();
        for (String name : expected.keySet()) {
            if (!inputs.containsKey(name)) {
                throw new InferenceException(
                        "missing input '"
                                + name
                                + "'; the inputs are "
                                + String.join(", ", expected.keySet()));
            }
        }
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (Tensor t : inputs.values()) {
                if (!expected.containsKey(t.name())) {
                    throw new InferenceException(
                            "unknown input '"
                                    + t.name()
                                    + "'; the inputs are "
                                    + String.join(", ", expected.keySet()));
                }
                tensors.put(t.name(), toOnnx(t));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    if (e.getValue() instanceof OnnxTensor t) {
                        out.put(e.getKey(), fromOnnx(e.getKey(), t));
                    }
                }
                return out;
            } catch (OrtException e) {
                throw new InferenceException(
                        "the model could not run on this input: " + e.getMessage());
            }
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor toOnnx(Tensor t) throws OrtException {
        long[] shape = t.shape().stream().mapToLong(Long::longValue).toArray();
        if (t.elements() != t.data().size()) {
            throw new InferenceException(
                    "input '"
                            + t.name()
                            + "' has shape "
                            + t.shape()
                            + " ("
                            + t.elements()
                            + " elements) but "
                            + t.data().size()
                            + " values");
        }
        List<?> data = t.data();
        switch (t.datatype()) {
            case "FP32":
                {
                    float[] a = new float[data.size()];
                    for (int i = 0; i < a.length; i++) a[i] = number(t, data.get(i)).floatValue();
                    return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(a), shape);
                }
            case "FP64":
                {
                    double[] a = new double[data.size()];
                    for (int i = 0; i < a.length; i++) a[i] = number(t, data.get(i)).doubleValue();
                    return OnnxTensor.createTensor(ENV, DoubleBuffer.wrap(a), shape);
                }
            case "INT64":
                {
                    long[] a = new long[data.size()];
                    for (int i = 0; i < a.length; i++) a[i] = number(t, data.get(i)).longValue();
                    return OnnxTensor.createTensor(ENV, LongBuffer.wrap(a), shape);
                }
            case "INT32":
                {
                    int[] a = new int[data.size()];
                    for (int i = 0; i < a.length; i++) a[i] = number(t, data.get(i)).intValue();
                    return OnnxTensor.createTensor(ENV, IntBuffer.wrap(a), shape);
                }
            case "BYTES":
                return OnnxTensor.createTensor(
                        ENV, data.stream().map(String::valueOf).toArray(String[]::new), shape);
            default:
                throw new InferenceException(
                        "datatype "
                                + t.datatype()
                                + " of input '"
                                + t.name()
                                + "' is not supported; use FP32, FP64, INT32, INT64 or BYTES");
        }
    }

    private static Number number(Tensor t, Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            // JSON has no infinity: an infinite value is a number too large to hold
            if (!Double.isFinite(d)
                    || (Math.abs(d) > Float.MAX_VALUE && "FP32".equals(t.datatype()))) {
                throw new InferenceException(
                        "input '"
                                + t.name()
                                + "' holds "
                                + n
                                + ", which is out of range for "
                                + t.datatype());
            }
            return n;
        }
        throw new InferenceException(
                "input '" + t.name() + "' holds '" + v + "', which is not a number");
    }

    private static Tensor fromOnnx(String name, OnnxTensor t) throws OrtException {
        TensorInfo info = t.getInfo();
        List<Long> shape = Arrays.stream(info.getShape()).boxed().toList();
        List<Object> data = new ArrayList<>();
        switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                while (b.hasRemaining()) data.add(b.get());
            }
            case DOUBLE -> {
                DoubleBuffer b = t.getDoubleBuffer();
                while (b.hasRemaining()) data.add(b.get());
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                while (b.hasRemaining()) data.add(b.get());
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                while (b.hasRemaining()) data.add(b.get());
            }
            case STRING -> flatten(t.getValue(), data);
            default ->
                    throw new InferenceException(
                            "output '"
                                    + name
                                    + "' has type "
                                    + info.type
                                    + ", which cannot be returned");
        }
        return new Tensor(name, datatype(info.type), shape, data);
    }

    private static void flatten(Object value, List<Object> into) {
        if (value instanceof Object[] array) {
            for (Object o : array) flatten(o, into);
        } else {
            into.add(value);
        }
    }

    static String datatype(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> "FP32";
            case DOUBLE -> "FP64";
            case INT64 -> "INT64";
            case INT32 -> "INT32";
            case INT16 -> "INT16";
            case INT8 -> "INT8";
            case UINT8 -> "UINT8";
            case BOOL -> "BOOL";
            case STRING -> "BYTES";
            default -> type.name();
        };
    }

    @Override
    public void close() throws Exception {
        session.close();
    }
}
