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
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An ONNX model in ONNX Runtime with one intra-op thread. */
final class OnnxModel implements LoadedModel {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final Optional<ModelCard> card;
    private final ModelCard.Encoder encoder;
    private final boolean allowNonFinite;

    /**
     * The metadata property by which an ONNX model says it takes NaN and infinities (as the strings
     * "NaN", "Infinity", "-Infinity" in requests): {@code knobs.allow_non_finite=true}.
     */
    static final String ALLOW_NON_FINITE = "knobs.allow_non_finite";

    OnnxModel(byte[] bytes) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = ENV.createSession(bytes, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("not a valid ONNX model: " + e.getMessage(), e);
        }
        String cardJson = session.getMetadata().getCustomMetadata().get(ModelCard.KEY);
        allowNonFinite =
                "true"
                        .equalsIgnoreCase(
                                session.getMetadata().getCustomMetadata().get(ALLOW_NON_FINITE));
        card =
                cardJson == null
                        ? Optional.empty()
                        : Optional.of(Json.MAPPER.readValue(cardJson, ModelCard.class));
        encoder = card.map(ModelCard::encoder).orElse(null);
    }

    @Override
    public ModelCard.Encoder encoder() {
        return encoder;
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
    public List<Tensor> infer(List<Tensor> inputs) throws Exception {
        if (card.isPresent()) {
            return LoadedModel.super.infer(inputs);
        }
        Map<String, NodeInfo> expected = session.getInputInfo();
        OnnxInputs.check(expected, inputs);
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (Tensor t : inputs) {
                tensors.put(t.name(), OnnxInputs.toOnnx(ENV, t, expected.get(t.name())));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                List<Tensor> out = new ArrayList<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    if (e.getValue() instanceof OnnxTensor t) {
                        out.add(OnnxInputs.fromOnnx(e.getKey(), t));
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

    @Override
    public boolean allowsNonFinite() {
        return allowNonFinite;
    }

    static String datatype(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> "FP32";
            case DOUBLE -> "FP64";
            case INT64 -> "INT64";
            case INT32 -> "INT32";
            case INT16 -> "INT16";
            case FLOAT16 -> "FP16";
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
