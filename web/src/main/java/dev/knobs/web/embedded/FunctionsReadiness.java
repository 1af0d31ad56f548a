package dev.knobs.web.embedded;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * On one machine the front is ready only while the functions it runs are: the page would otherwise
 * take experiments nothing runs. Liveness is the front's own.
 */
@Readiness
@ApplicationScoped
public class FunctionsReadiness implements HealthCheck {
    @Inject EmbeddedPlatform platform;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("functions").status(platform.functionsReady()).build();
    }
}
