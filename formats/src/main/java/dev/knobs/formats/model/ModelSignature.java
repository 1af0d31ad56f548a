package dev.knobs.formats.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.ModelRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a model file says about itself — its Open Inference Protocol inputs and outputs and, for a
 * model Knobs trained, its {@link ModelCard} — read from the file alone, without a runtime: an ONNX
 * file's protobuf graph, or an XGBoost JSON model's attributes (or, for one saved by other code,
 * its feature names and objective: {@link XGBoostCard}). The front checks uploads with it and shows
 * a model's signature; the model server then loads the file for real.
 */
public record ModelSignature(
        String format,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        Optional<ModelCard> card) {

    /** Throws {@link IllegalArgumentException} with a sentence when the file is not a model. */
    public static ModelSignature of(byte[] bytes, String format) {
        return switch (format) {
            case ModelRef.ONNX -> onnx(bytes);
            case ModelRef.XGBOOST_JSON -> xgboost(bytes);
            default -> throw new IllegalArgumentException("unknown model format '" + format + "'");
        };
    }

    private static ModelSignature onnx(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the file is empty");
        }
        Protobuf model = new Protobuf(bytes);
        Protobuf graph = null;
        long irVersion = 0;
        String cardJson = null;
        while (model.next()) {
            switch (model.field()) {
                case 1 -> irVersion = model.varint();
                case 7 -> graph = model.message();
                case 14 -> cardJson = cardProperty(model.message(), cardJson);
                default -> model.skip();
            }
        }
        if (graph == null || irVersion <= 0) {
            throw new IllegalArgumentException(
                    "it has no ONNX graph (an ONNX file is a ModelProto with ir_version and graph)");
        }
        List<Protobuf> inputs = new ArrayList<>();
        List<Protobuf> outputs = new ArrayList<>();
        Set<String> initializers = new HashSet<>();
        while (graph.next()) {
            switch (graph.field()) {
                case 5 -> initializers.add(tensorName(graph.message()));
                case 11 -> inputs.add(graph.message());
                case 12 -> outputs.add(graph.message());
                default -> graph.skip();
            }
        }
        List<TensorSpec> in = specs(inputs, initializers);
        List<TensorSpec> out = specs(outputs, Set.of());
        if (in.isEmpty() || out.isEmpty()) {
            throw new IllegalArgumentException("its graph has no inputs or no outputs");
        }
        Optional<ModelCard> card = card(cardJson);
        return card.map(c -> new ModelSignature(ModelRef.ONNX, c.inputs(), c.outputs(), card))
                .orElseGet(() -> new ModelSignature(ModelRef.ONNX, in, out, card));
    }

    private static ModelSignature xgboost(byte[] bytes) {
        JsonNode model;
        try {
            model = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("it is not JSON");
        }
        JsonNode card = model.path("learner").path("attributes").path(ModelCard.KEY);
        ModelCard c = card.isTextual() ? card(card.asText()).orElseThrow() : XGBoostCard.of(model);
        return new ModelSignature(ModelRef.XGBOOST_JSON, c.inputs(), c.outputs(), Optional.of(c));
    }

    private static Optional<ModelCard> card(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(json, ModelCard.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "its " + ModelCard.KEY + " metadata is not a Knobs model card");
        }
    }

    /** A {@code StringStringEntryProto} of metadata_props: the card's JSON when it is the card. */
    private static String cardProperty(Protobuf entry, String found) {
        String key = null;
        String value = null;
        while (entry.next()) {
            switch (entry.field()) {
                case 1 -> key = entry.string();
                case 2 -> value = entry.string();
                default -> entry.skip();
            }
        }
        return ModelCard.KEY.equals(key) ? value : found;
    }

    private static String tensorName(Protobuf tensor) {
        String name = "";
        while (tensor.next()) {
            if (tensor.field() == 8) {
                name = tensor.string();
            } else {
                tensor.skip();
            }
        }
        return name;
    }

    private static List<TensorSpec> specs(List<Protobuf> values, Set<String> initializers) {
        List<TensorSpec> specs = new ArrayList<>();
        for (Protobuf value : values) {
            TensorSpec spec = valueInfo(value);
            if (!initializers.contains(spec.name())) {
                specs.add(spec);
            }
        }
        return specs;
    }

    /** A {@code ValueInfoProto}: its name, and its type when it is a tensor. */
    private static TensorSpec valueInfo(Protobuf value) {
        String name = null;
        TensorSpec type = new TensorSpec("", "UNSUPPORTED", List.of());
        while (value.next()) {
            switch (value.field()) {
                case 1 -> name = value.string();
                case 2 -> type = tensorType(value.message());
                default -> value.skip();
            }
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an input or output of its graph has no name");
        }
        return new TensorSpec(name, type.datatype(), type.shape());
    }

    private static TensorSpec tensorType(Protobuf type) {
        TensorSpec spec = new TensorSpec("", "UNSUPPORTED", List.of());
        while (type.next()) {
            if (type.field() == 1) {
                spec = tensor(type.message());
            } else {
                type.skip();
            }
        }
        return spec;
    }

    private static TensorSpec tensor(Protobuf tensor) {
        int elementType = 0;
        List<Long> shape = new ArrayList<>();
        while (tensor.next()) {
            switch (tensor.field()) {
                case 1 -> elementType = (int) tensor.varint();
                case 2 -> shape = shape(tensor.message());
                default -> tensor.skip();
            }
        }
        return new TensorSpec("", datatype(elementType), shape);
    }

    private static List<Long> shape(Protobuf shape) {
        List<Long> dims = new ArrayList<>();
        while (shape.next()) {
            if (shape.field() != 1) {
                shape.skip();
                continue;
            }
            Protobuf dim = shape.message();
            long size = -1;
            while (dim.next()) {
                if (dim.field() == 1 && dim.wireType() == Protobuf.VARINT) {
                    size = dim.varint();
                } else {
                    dim.skip();
                }
            }
            dims.add(size);
        }
        return dims;
    }

    /** ONNX's {@code TensorProto.DataType} as an Open Inference Protocol datatype. */
    static String datatype(int onnx) {
        return switch (onnx) {
            case 1 -> "FP32";
            case 2 -> "UINT8";
            case 3 -> "INT8";
            case 4 -> "UINT16";
            case 5 -> "INT16";
            case 6 -> "INT32";
            case 7 -> "INT64";
            case 8 -> "BYTES";
            case 9 -> "BOOL";
            case 10 -> "FP16";
            case 11 -> "FP64";
            case 12 -> "UINT32";
            case 13 -> "UINT64";
            default -> "UNSUPPORTED";
        };
    }
}
