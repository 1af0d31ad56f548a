package dev.knobs.eventing.payload;

/** {@code dev.knobs.model-published}: a model is served at {@code url}. */
public record ModelPublished(
        String modelName,
        String owner,
        String experimentId,
        int revision,
        String url,
        ModelRef model) {}
