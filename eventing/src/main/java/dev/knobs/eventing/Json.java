package dev.knobs.eventing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

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

    private Json() {}
}
