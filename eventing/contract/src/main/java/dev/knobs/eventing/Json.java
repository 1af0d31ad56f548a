package dev.knobs.eventing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * The one JSON mapping of Knobs payloads: nulls left out, unknown fields tolerated, a missing
 * primitive field takes its default (false, 0) and is then checked by the record.
 */
public final class Json {
    public static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .findAndAddModules()
                    .serializationInclusion(JsonInclude.Include.NON_NULL)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                    .build();

    /** The JSON form of a map of values, e.g. hyperparameters. */
    public static final TypeReference<Map<String, Object>> VALUES = new TypeReference<>() {};

    /** The JSON form of a map of numbers, e.g. metrics. */
    public static final TypeReference<Map<String, Double>> NUMBERS = new TypeReference<>() {};

    /** The JSON form of a list of strings, e.g. event types. */
    public static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private Json() {}

    /** Writes a value Knobs itself made; failing to is a bug, not bad input. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads JSON that Knobs stored itself (a database column, model metadata). */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** {@link #read(String, Class)} for generic types such as {@link #VALUES}. */
    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
