package dev.knobs.functions.serving;

import dev.knobs.eventing.payload.ModelRef;

/**
 * The port that puts a model behind a scale-to-zero REST endpoint. Adapters: {@code local} (the
 * embedded gateway, {@link dev.knobs.functions.serving.local.LocalModelPublisher}). Publishing the
 * same name again with a higher revision moves traffic to the new model.
 */
public interface ModelPublisher {
    /** Serves {@code model} as {@code name}; returns the endpoint's base URL. Idempotent. */
    String publish(String name, int revision, ModelRef model) throws Exception;
}
