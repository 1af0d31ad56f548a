package dev.knobs.web.notification;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ProcessedEvent;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import dev.knobs.eventing.EventType;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.web.error.ApiError;
import dev.knobs.web.subscription.DeliveryWorker;
import dev.knobs.web.subscription.FanOut;
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
import java.time.Instant;
import java.util.UUID;
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
    @Inject FanOut fanOut;
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
        String key = ProcessedEvent.key(event.source(), event.id());
        FanOut.About about = FanOut.About.of(event.data());
        return Panache.withTransaction(() -> take(key, event, ce, about))
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

    /** Marks the event taken, once; yields how many deliveries it queued. */
    private Uni<Integer> take(String key, KnobsEvent<?> event, CloudEvent ce, FanOut.About about) {
        String marker = "front:" + key;
        return Panache.getSession()
                .chain(s -> s.find(ProcessedEvent.class, marker))
                .chain(
                        seen ->
                                seen != null
                                        ? Uni.createFrom().item(0)
                                        : first(marker, key, event, ce, about));
    }

    private Uni<Integer> first(
            String marker, String key, KnobsEvent<?> event, CloudEvent ce, FanOut.About about) {
        return mark(marker, event)
                .chain(() -> owner(about))
                .chain(
                        owner ->
                                owner == null
                                        ? Uni.createFrom().item(0)
                                        : notify(owner, key, event)
                                                .chain(() -> fanOut.queue(owner, key, ce, about)));
    }

    private static Uni<Void> mark(String marker, KnobsEvent<?> event) {
        ProcessedEvent p = new ProcessedEvent();
        p.key = marker;
        p.type = event.type().shortName();
        p.processedAt = Instant.now();
        return Panache.getSession().chain(s -> s.persist(p));
    }

    /** The owner the database names: the experiment's, else the model's; null when neither. */
    private static Uni<String> owner(FanOut.About about) {
        return experimentOwner(about.experimentId())
                .chain(o -> o != null ? Uni.createFrom().item(o) : modelOwner(about.modelName()))
                .invoke(
                        o -> {
                            if (o == null) {
                                LOG.warnf(
                                        "an event about %s names nothing the database has", about);
                            }
                        });
    }

    private static Uni<String> experimentOwner(String id) {
        return id == null
                ? Uni.createFrom().nullItem()
                : Panache.getSession()
                        .chain(s -> s.find(Experiment.class, id))
                        .map(e -> e == null ? null : e.owner);
    }

    private static Uni<String> modelOwner(String name) {
        return name == null
                ? Uni.createFrom().nullItem()
                : Panache.getSession()
                        .chain(s -> s.find(PublishedModel.class, name))
                        .map(m -> m == null ? null : m.owner);
    }

    private static Uni<Void> notify(String owner, String key, KnobsEvent<?> event) {
        Notices.Notice notice = Notices.of(event);
        if (notice == null) {
            return Uni.createFrom().voidItem();
        }
        Notification n = new Notification();
        n.id = UUID.randomUUID().toString();
        n.eventKey = key;
        n.owner = owner;
        n.type = event.type().shortName();
        n.message = notice.message();
        n.url = notice.url();
        n.experimentId = notice.experimentId();
        n.createdAt = Instant.now();
        return n.persist().replaceWithVoid();
    }
}
