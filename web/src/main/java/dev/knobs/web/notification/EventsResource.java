package dev.knobs.web.notification;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import dev.knobs.eventing.EventType;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.web.error.ApiError;
import dev.knobs.web.subscription.DeliveryWorker;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The front's notifications function (Trigger {@code knobs-notifications}: every event for owners).
 * Only events the platform signed are taken ({@code 403} otherwise; on one machine the broker's
 * credential is checked first, by {@link dev.knobs.web.limits.Gates}). The owner is the one the
 * database names for the experiment or model, never the event's word. In one transaction the event
 * is marked taken, becomes a notification (where the centre shows one) and is queued for each of
 * the owner's subscriptions that takes it; a redelivered event ({@code source + id}) changes
 * nothing.
 */
@Path("/api/events")
@Tag(name = "notifications", description = "What happened to your experiments and models")
public class EventsResource {
    private static final Logger LOG = Logger.getLogger(EventsResource.class);

    @Inject EventSignatures signatures;
    @Inject Intake intake;
    @Inject DeliveryWorker deliveries;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary =
                    "Receives the events for owners from the broker (CloudEvents, binary or"
                            + " structured mode, signed by the platform)")
    public Uni<Response> receive(@Context HttpHeaders headers, byte[] body) {
        CloudEvent ce;
        KnobsEvent<?> event;
        String signature;
        try {
            ce =
                    EventCodec.readHttp(
                            headers.getRequestHeaders(), body == null ? new byte[0] : body);
            event = EventCodec.fromCloudEvent(ce);
            signature = EventCodec.signature(ce);
        } catch (EventDecodingException e) {
            return answer(400, e.getMessage());
        }
        if (!signatures.verify(event, signature)) {
            return answer(403, "this event does not carry the platform's signature");
        }
        EventType type = event.type();
        if (!type.forOwners() || type == EventType.SUBSCRIPTION_TEST) {
            return answer(404, "no subscription here for " + type.type());
        }
        return Panache.withTransaction(() -> intake.take(event, ce))
                .invoke(
                        queued -> {
                            if (queued > 0) {
                                deliveries.signal();
                            }
                        })
                .replaceWith(Response.accepted().build());
    }

    private static Uni<Response> answer(int status, String message) {
        return Uni.createFrom().item(ApiError.response(status, message));
    }
}
