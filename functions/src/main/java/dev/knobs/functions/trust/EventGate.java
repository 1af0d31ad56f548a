package dev.knobs.functions.trust;

import dev.knobs.domain.wiring.TrustSettings;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.trust.Credentials;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Who may call the functions at all: on one machine, only the embedded broker, with its own
 * credential — checked before a request's body is read. Health checks stay open. On a cluster the
 * functions are cluster-local behind a NetworkPolicy, and every Knobs event must carry the
 * platform's signature ({@link AuthenticEvents}) in both modes.
 */
@ApplicationScoped
public class EventGate {
    @Inject Credentials credentials;
    @Inject TrustSettings trust;

    void install(@Observes Router router) {
        if (trust.requireBrokerCredential()) {
            router.route().order(-100).handler(this::check);
        }
    }

    private void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.equals("/q/health") || path.startsWith("/q/health/")) {
            ctx.next();
            return;
        }
        String token = Credentials.bearer(ctx.request().getHeader("Authorization"));
        if (credentials.partOf(token).filter(p -> p == Credentials.Part.BROKER).isPresent()) {
            ctx.next();
            return;
        }
        ctx.response()
                .setStatusCode(401)
                .putHeader("Content-Type", "application/json")
                .putHeader("WWW-Authenticate", "Bearer realm=\"knobs-functions\"")
                .end(
                        Json.MAPPER
                                .createObjectNode()
                                .put(
                                        "error",
                                        "the functions take events from the platform's broker"
                                                + " only")
                                .toString());
    }
}
