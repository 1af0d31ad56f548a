package dev.knobs.web.embedded;

import dev.knobs.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The front is ready only while the broker takes connections (the embedded one on one machine, the
 * Knative Broker's ingress on a cluster): without it nothing the page starts would happen. Liveness
 * stays the front's own, so a broker outage never restarts the front.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {
    private static final int TIMEOUT_MS = 1000;

    @Inject WebConfig config;

    @Override
    public HealthCheckResponse call() {
        URI sink = config.sink();
        int port =
                sink.getPort() > 0 ? sink.getPort() : "https".equals(sink.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(sink.getHost(), port), TIMEOUT_MS);
            return HealthCheckResponse.named("broker").up().build();
        } catch (IOException e) {
            return HealthCheckResponse.named("broker")
                    .down()
                    .withData("sink", sink.toString())
                    .withData("reason", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
