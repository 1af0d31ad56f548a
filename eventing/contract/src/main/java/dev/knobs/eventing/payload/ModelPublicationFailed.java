package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.model-publication-failed}: a model could not be served after the platform's
 * tries; {@code reason} is the last failure. The model's earlier versions, if any, still serve.
 */
public record ModelPublicationFailed(
        String modelName, String owner, String experimentId, int revision, String reason) {}
