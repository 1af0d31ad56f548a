package dev.knobs.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.knobs.eventing.Json;
import dev.knobs.functions.trust.AuthenticEvents;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers 400 with the reason when an event's data does not decode into its payload record, and 403
 * for an event the platform did not sign (Funqy would answer 500, and the broker would retry an
 * event that can never succeed).
 */
@ApplicationScoped
public class BadEventHandler {
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        AuthenticEvents.RefusedEvent refused = refused(ctx.failure());
        if (refused != null && !ctx.response().headWritten()) {
            ctx.response()
                    .setStatusCode(403)
                    .putHeader("Content-Type", "application/json")
                    .end(
                            Json.MAPPER
                                    .createObjectNode()
                                    .put("error", refused.getMessage())
                                    .toString());
            return;
        }
        JsonProcessingException bad = find(ctx.failure());
        if (bad == null || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Throwable root = bad;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String reason =
                root instanceof IllegalArgumentException
                        ? root.getMessage()
                        : bad.getOriginalMessage();
        ctx.response()
                .setStatusCode(400)
                .putHeader("Content-Type", "application/json")
                .end(
                        Json.MAPPER
                                .createObjectNode()
                                .put("error", "the event's data is invalid: " + reason)
                                .toString());
    }

    private static AuthenticEvents.RefusedEvent refused(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof AuthenticEvents.RefusedEvent r) {
                return r;
            }
        }
        return null;
    }

    private static JsonProcessingException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException j) {
                return j;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
