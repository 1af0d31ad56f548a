package dev.knobs.functions.serving.gateway;

import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.functions.serving.ModelDeployer;

/**
 * Deploys models on the embedded {@link ModelGateway}: scale to zero after idle, cold start on
 * demand.
 */
public class GatewayModelDeployer implements ModelDeployer {
    private final ModelGateway gateway;

    public GatewayModelDeployer(ModelGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Endpoint deploy(String name, int revision, ModelRef model, String tokenSha256) {
        String url = gateway.deploy(name, revision, model, tokenSha256);
        return new Endpoint(url, gateway.internalUrlOf(name));
    }

    @Override
    public boolean restrict(String name, String tokenSha256) {
        return gateway.restrict(name, tokenSha256);
    }

    public ModelGateway gateway() {
        return gateway;
    }
}
