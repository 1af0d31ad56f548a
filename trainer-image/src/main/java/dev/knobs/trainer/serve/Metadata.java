package dev.knobs.trainer.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;

/** {@code GET /v2/models/{name}}: the model's name, version, platform, inputs and outputs. */
final class Metadata {
    private Metadata() {}

    static JsonNode of(String name, String version, LoadedModel loaded) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("name", name);
        meta.putArray("versions").add(version);
        meta.put("platform", loaded.format().equals("onnx") ? "onnxruntime_onnx" : "xgboost_json");
        meta.set("inputs", Json.MAPPER.valueToTree(loaded.inputs()));
        meta.set("outputs", Json.MAPPER.valueToTree(loaded.outputs()));
        ObjectNode params = meta.putObject("parameters");
        params.put("allow_non_finite", loaded.allowsNonFinite());
        loaded.card()
                .ifPresent(
                        card -> {
                            params.put("task", card.task().name().toLowerCase());
                            params.put("label_column", card.labelColumn());
                            params.set("classes", Json.MAPPER.valueToTree(card.classes()));
                            params.put("algorithm", card.algorithm());
                        });
        return meta;
    }
}
