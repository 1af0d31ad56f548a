package dev.knobs.functions.serving.local;

import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.functions.serving.ModelPublisher;

/**
 * Publishes models on the embedded {@link ModelGateway}: scale to zero after idle, cold start on
 * demand.
 */
public class LocalModelPublisher implements ModelPublisher {
    private final ModelGateway gateway;

    public LocalModelPublisher(ModelGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public String publish(String name, int revision, ModelRef model, String tokenSha256) {
        return gateway.deploy(name, revision, model, tokenSha256);
    }

    @Override
    public boolean restrict(String name, String tokenSha256) {
        return gateway.restrict(name, tokenSha256);
    }

    public ModelGateway gateway() {
        return gateway;
    }
}
