package dev.knobs.web.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.knobs.formats.model.TensorSpec;
import java.time.Instant;
import java.util.List;

/**
 * A served model: where, which version takes its traffic (and a canary with its share), whether it
 * is warm or scaled to zero, how it scales, and what it takes and gives. {@code state} is {@code
 * REMOVING} while it is being taken down.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelView(
        String name,
        String url,
        Integer revision,
        String format,
        String experimentId,
        String state,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        Instant publishedAt,
        Boolean tokenRequired,
        Integer canary,
        Integer canaryPercent,
        ModelVersionsResource.ScalingRequest scaling) {

    /** A model just uploaded, before its version is served. */
    static ModelView publishing(
            String name, List<TensorSpec> inputs, List<TensorSpec> outputs, boolean tokenRequired) {
        return new ModelView(
                name,
                null,
                null,
                "onnx",
                null,
                "PUBLISHING",
                inputs,
                outputs,
                null,
                tokenRequired,
                null,
                null,
                null);
    }
}
