package dev.knobs.trainer;

import ai.onnx.proto.OnnxMl;

/**
 * Builds small ONNX models in tests with the ONNX protobuf classes: no Knobs card, plain tensors in
 * and out.
 */
public final class OnnxModels {
    private OnnxModels() {}

    /**
     * {@code y = x · w + b} for an input {@code x} of shape [N, w.length] and an output {@code y}
     * of shape [N, 1].
     */
    public static byte[] linear(float[] w, float b) {
        return linear(w, b, java.util.Map.of());
    }

    /** {@link #linear(float[], float)} with metadata properties (e.g. a model's declarations). */
    public static byte[] linear(float[] w, float b, java.util.Map<String, String> metadata) {
        OnnxMl.TensorProto weights =
                OnnxMl.TensorProto.newBuilder()
                        .setName("w")
                        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .addDims(w.length)
                        .addDims(1)
                        .addAllFloatData(floats(w))
                        .build();
        OnnxMl.TensorProto bias =
                OnnxMl.TensorProto.newBuilder()
                        .setName("b")
                        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .addDims(1)
                        .addFloatData(b)
                        .build();
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("linear")
                        .addInput(value("x", -1, w.length))
                        .addOutput(value("y", -1, 1))
                        .addInitializer(weights)
                        .addInitializer(bias)
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setOpType("MatMul")
                                        .addInput("x")
                                        .addInput("w")
                                        .addOutput("xw")
                                        .setName("matmul"))
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setOpType("Add")
                                        .addInput("xw")
                                        .addInput("b")
                                        .addOutput("y")
                                        .setName("add"))
                        .build();
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder();
        metadata.forEach(
                (k, v) ->
                        model.addMetadataProps(
                                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.setIrVersion(8)
                .setProducerName("knobs-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static Iterable<Float> floats(float[] values) {
        java.util.List<Float> list = new java.util.ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    private static OnnxMl.ValueInfoProto value(String name, long rows, long cols) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        shape.addDim(
                rows < 0
                        ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                        : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(rows));
        shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(cols));
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        OnnxMl.TypeProto.newBuilder()
                                .setTensorType(
                                        OnnxMl.TypeProto.Tensor.newBuilder()
                                                .setElemType(
                                                        OnnxMl.TensorProto.DataType.FLOAT
                                                                .getNumber())
                                                .setShape(shape)))
                .build();
    }
}
