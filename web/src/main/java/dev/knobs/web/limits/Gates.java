package dev.knobs.web.limits;

import dev.knobs.domain.wiring.TrustSettings;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.formats.Sizes;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;

/**
 * What the front checks of a request before anything reads its body: that it says how long its body
 * is, within its route's limit (413 otherwise — a body a route would not take is never buffered;
 * only upload routes take chunked bodies, cut off at the platform's largest body), and, on one
 * machine, that the broker's deliveries come with the broker's credential.
 */
@ApplicationScoped
public class Gates {
    /** The largest bodies, by route prefix; the first match counts. Everything else: a mebibyte. */
    static final Map<String, Long> LIMITS =
            Map.of(
                    "/api/datasets", 256L << 20,
                    "/api/models", 256L << 20,
                    "/api/artifacts/", 256L << 20,
                    "/api/trainers", 64L << 20,
                    "/login", 16L << 10);

    static final long DEFAULT_LIMIT = 1L << 20;

    /**
     * Routes with limits this large (uploads) also take bodies sent in chunks, whose length is not
     * known in advance: those are cut off at the platform's largest body ({@code
     * quarkus.http.limits.max-body-size}) while they are read, then checked by the route.
     */
    static final long STREAMED = 64L << 20;

    private static final Set<HttpMethod> WITH_BODY =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    private static final Set<String> DELIVERIES = Set.of("/api/events", "/api/dead-letters");

    @Inject Credentials credentials;
    @Inject TrustSettings trust;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::check);
    }

    /** The limit of a route: the longest matching prefix's, else a mebibyte. */
    static long limit(String path) {
        long limit = DEFAULT_LIMIT;
        int best = -1;
        for (var e : LIMITS.entrySet()) {
            if (path.startsWith(e.getKey()) && e.getKey().length() > best) {
                best = e.getKey().length();
                limit = e.getValue();
            }
        }
        return limit;
    }

    private void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (trust.requireBrokerCredential() && DELIVERIES.contains(path) && !fromBroker(ctx)) {
            refuse(ctx, 401, "this route takes deliveries from the platform's broker only");
            return;
        }
        if (!WITH_BODY.contains(ctx.request().method())) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        long limit = limit(path);
        if (length == null) {
            if (ctx.request().getHeader("Transfer-Encoding") != null && limit < STREAMED) {
                refuse(
                        ctx,
                        411,
                        "send the body with a Content-Length header (this route takes no chunked"
                                + " bodies)");
                return;
            }
            // an upload streamed in chunks: read up to the platform's largest body, no further
            ctx.next();
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(ctx, 400, "the Content-Length header is not a number");
            return;
        }
        if (declared > limit) {
            refuse(
                    ctx,
                    413,
                    "the request body is "
                            + Sizes.show(declared)
                            + "; "
                            + path
                            + " takes at most "
                            + Sizes.show(limit));
            return;
        }
        ctx.next();
    }

    private boolean fromBroker(RoutingContext ctx) {
        String token = Credentials.bearer(ctx.request().getHeader("Authorization"));
        return credentials.partOf(token).filter(p -> p == Credentials.Part.BROKER).isPresent();
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(Json.MAPPER.createObjectNode().put("error", message).toString());
    }
}
