package dev.knobs.eventing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against the subset of JSON Schema that the Knobs schemas use (type, required,
 * properties, enum, items, min/max, $ref to the shared {@code definitions.json}), returning every
 * violation.
 */
final class SchemaCheck {
    private static final String DEFS = "#/$defs/";

    private final JsonNode definitions;
    private final List<String> problems = new ArrayList<>();

    private SchemaCheck(JsonNode definitions) {
        this.definitions = definitions;
    }

    /** The shared definitions every schema refers to ({@code schemas/definitions.json}). */
    static JsonNode definitions() {
        try (var in =
                SchemaCheck.class
                        .getClassLoader()
                        .getResourceAsStream("schemas/definitions.json")) {
            return Json.MAPPER.readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> violations(JsonNode schema, JsonNode value) {
        SchemaCheck check = new SchemaCheck(definitions());
        check.check(schema, value, "$");
        return check.problems;
    }

    private void check(JsonNode schema, JsonNode value, String path) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            JsonNode target =
                    definitions
                            .path("$defs")
                            .path(ref.substring(ref.indexOf(DEFS) + DEFS.length()));
            if (target.isMissingNode()
                    || !(ref.startsWith(DEFS) || ref.startsWith("definitions.json" + DEFS))) {
                problems.add(path + ": the schema refers to " + ref + ", which does not exist");
                return;
            }
            check(target, value, path);
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= option.equals(value);
            }
            if (!found) {
                problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(
                    path + ": expected " + schema.get("type") + " but was " + value.getNodeType());
            return;
        }
        if (schema.has("minimum")
                && value.isNumber()
                && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(path + ": below minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum")
                && value.isNumber()
                && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(path + ": above maximum " + schema.get("maximum"));
        }
        if (value.isObject()) {
            for (JsonNode req : schema.path("required")) {
                if (!value.has(req.asText())) {
                    problems.add(path + ": missing required " + req.asText());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode sub = schema.path("properties").get(field.getKey());
                if (sub != null) {
                    check(sub, field.getValue(), path + "." + field.getKey());
                } else if (schema.has("additionalProperties")
                        && schema.get("additionalProperties").isObject()) {
                    check(
                            schema.get("additionalProperties"),
                            field.getValue(),
                            path + "." + field.getKey());
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]");
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }
}
