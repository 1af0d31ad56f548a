package dev.knobs.trainer.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import dev.knobs.formats.model.ModelCard;
import dev.knobs.formats.model.TensorSpec;
import java.util.Iterator;
import java.util.List;

/**
 * The KServe V1 form, {@code {"instances": [...]}} in, {@code {"predictions": [...]}} out. A model
 * with a card takes rows of named features ({@link CardInputs}). Any other model takes, per row, an
 * object of exactly its inputs (each the row's value: a number, a string or a nested list), or —
 * with one input — the value itself; rows are stacked into tensors (shape {@code [rows, ...]}) and
 * checked as V2 requests are. Its predictions are per row: the output's value, or an object of the
 * outputs when there are several.
 */
final class V1Codec {
    private V1Codec() {}

    static JsonNode instances(JsonNode request) {
        JsonNode instances = request.path("instances");
        if (!instances.isArray() || instances.isEmpty()) {
            throw new InferenceException(
                    "the request needs \"instances\": a list of rows such as {\"age\": 42, \"plan\": \"gold\"}");
        }
        return instances;
    }

    static JsonNode predict(LoadedModel model, JsonNode instances) throws Exception {
        ObjectNode response = Json.MAPPER.createObjectNode();
        if (model.card().isPresent()) {
            ModelCard card = model.card().get();
            float[][] scores =
                    model.scores(CardInputs.fromInstances(card, model.encoder(), instances));
            response.set(
                    "predictions", Json.MAPPER.valueToTree(LoadedModel.predictions(card, scores)));
            return response;
        }
        List<Tensor> outputs = model.infer(stack(model, instances));
        ArrayNode predictions = response.putArray("predictions");
        for (int r = 0; r < instances.size(); r++) {
            if (outputs.size() == 1) {
                predictions.add(row(outputs.get(0), r));
            } else {
                ObjectNode row = predictions.addObject();
                for (Tensor t : outputs) {
                    row.set(t.name(), row(t, r));
                }
            }
        }
        return response;
    }

    /** The rows' values of each input as one V2 tensor, read and checked by {@link V2Codec}. */
    private static List<Tensor> stack(LoadedModel model, JsonNode instances) throws Exception {
        List<TensorSpec> specs = model.inputs();
        String names = String.join(", ", specs.stream().map(TensorSpec::name).toList());
        ObjectNode v2 = Json.MAPPER.createObjectNode();
        ArrayNode inputs = v2.putArray("inputs");
        for (TensorSpec spec : specs) {
            ArrayNode data = Json.MAPPER.createArrayNode();
            for (JsonNode row : instances) {
                JsonNode value;
                if (row.isObject()) {
                    for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
                        String key = it.next();
                        if (specs.stream().noneMatch(s -> s.name().equals(key))) {
                            throw new InferenceException(
                                    "unknown input '" + key + "'; the inputs are " + names);
                        }
                    }
                    value = row.get(spec.name());
                    if (value == null) {
                        throw new InferenceException(
                                "missing input '" + spec.name() + "'; the inputs are " + names);
                    }
                } else if (specs.size() == 1) {
                    value = row;
                } else {
                    throw new InferenceException(
                            "this model has several inputs ("
                                    + names
                                    + "): each instance is an object of them");
                }
                data.add(value);
            }
            ObjectNode input = inputs.addObject();
            input.put("name", spec.name());
            input.put("datatype", spec.datatype());
            ArrayNode shape = input.putArray("shape");
            shape.add(instances.size());
            for (JsonNode first = data.get(0); first.isArray(); first = first.path(0)) {
                shape.add(first.size());
            }
            input.set("data", data);
        }
        return V2Codec.read(Json.MAPPER.writeValueAsBytes(v2), model.allowsNonFinite()).inputs();
    }

    /** Row {@code r} of an output: a value, or nested lists for the rest of its shape. */
    private static JsonNode row(Tensor t, int r) {
        long[] shape = t.shape();
        int width = 1;
        for (int i = 1; i < shape.length; i++) {
            width *= (int) shape[i];
        }
        if (shape.length <= 1) {
            return Json.MAPPER.valueToTree(t.value(r));
        }
        return nested(t, shape, 1, r * width);
    }

    private static JsonNode nested(Tensor t, long[] shape, int dim, int offset) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        int stride = 1;
        for (int i = dim + 1; i < shape.length; i++) {
            stride *= (int) shape[i];
        }
        for (int i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) {
                a.add(Json.MAPPER.<JsonNode>valueToTree(t.value(offset + i)));
            } else {
                a.add(nested(t, shape, dim + 1, offset + i * stride));
            }
        }
        return a;
    }

    /** {@code GET /v1/models/{name}}: its name and whether it is ready. */
    static JsonNode status(String name, boolean ready) {
        return Json.MAPPER.createObjectNode().put("name", name).put("ready", ready);
    }
}
