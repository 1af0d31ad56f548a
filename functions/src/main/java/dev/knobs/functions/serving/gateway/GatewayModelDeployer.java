package dev.knobs.functions.serving.gateway;

import dev.knobs.functions.serving.ModelDeployer;

/**
 * Deploys models on the embedded {@link ModelGateway}: scale to zero after idle, cold start on
 * demand, versions side by side with the traffic split by the gateway.
 */
public class GatewayModelDeployer implements ModelDeployer {
    private final ModelGateway gateway;

    public GatewayModelDeployer(ModelGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Endpoint apply(Serving serving) {
        gateway.apply(serving);
        return new Endpoint(gateway.urlOf(serving.name()), gateway.internalUrlOf(serving.name()));
    }

    @Override
    public String versionUrl(String name, int revision) {
        return gateway.versionUrlOf(name, revision);
    }

    @Override
    public boolean remove(String name) {
        return gateway.remove(name);
    }

    public ModelGateway gateway() {
        return gateway;
    }
}
