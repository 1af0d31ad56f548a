package dev.knobs.functions.serving.gateway;

/**
 * What the gateway tells an operator's metrics: each answered request of a model (its status and
 * time) and each cold start (its time, and whether the server came up).
 */
public interface GatewayMetrics {
    GatewayMetrics NONE =
            new GatewayMetrics() {
                @Override
                public void answered(String model, int status, long nanos) {}

                @Override
                public void coldStart(String model, long nanos, boolean ready) {}
            };

    void answered(String model, int status, long nanos);

    void coldStart(String model, long nanos, boolean ready);
}
