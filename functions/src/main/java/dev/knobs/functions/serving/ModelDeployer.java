package dev.knobs.functions.serving;

import dev.knobs.eventing.payload.ModelRef;

/**
 * The port that puts a model behind a scale-to-zero REST endpoint. Adapters: {@code gateway} (the
 * embedded {@link dev.knobs.functions.serving.gateway.ModelGateway}) and {@code knative} (a Knative
 * Service). Deploying the same name again with a higher revision moves traffic to the new model.
 * The model server gets a credential that reads only this model's files, and knows the hash of the
 * one the platform calls it with; never the platform's own.
 */
public interface ModelDeployer {
    /** Where a deployed model answers: for everyone, and for the platform itself. */
    record Endpoint(String url, String internalUrl) {}

    /**
     * Serves {@code model} as {@code name}, open ({@code tokenSha256} null) or only to requests
     * with {@code Authorization: Bearer <token>} whose SHA-256 that is. Idempotent.
     */
    Endpoint deploy(String name, int revision, ModelRef model, String tokenSha256) throws Exception;

    /**
     * Opens the endpoint of {@code name} (null) or restricts it to the token whose SHA-256 this is.
     * Idempotent; false when nothing is served under that name.
     */
    boolean restrict(String name, String tokenSha256) throws Exception;
}
