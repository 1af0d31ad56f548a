package dev.knobs.web.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.knobs.formats.model.TensorSpec;
import java.time.Instant;
import java.util.List;

/**
 * A served model: where, which revision, whether it is warm or scaled to zero, and what it takes
 * and gives.
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
        Boolean tokenRequired) {}
