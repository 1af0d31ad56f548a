package dev.knobs.web.notification;

import dev.knobs.domain.experiment.ProcessedEvent;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.web.Owners;
import dev.knobs.web.error.ApiError;
import dev.knobs.web.model.Models;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The front's event subscription (Trigger {@code knobs-model-published}) and the notifications it
 * produces. Only events the platform signed are taken ({@code 403} otherwise; on one machine the
 * broker's credential is checked first, by {@link dev.knobs.web.limits.Gates}); the notification
 * goes to the model's owner as the database says. A redelivered event ({@code source + id}) makes
 * no second notification.
 */
@Path("/api")
@Tag(name = "notifications", description = "What happened to your experiments and models")
public class EventsResource {
    @Inject Owners owners;
    @Inject EventSignatures signatures;
    @Inject Models models;

    @POST
    @Path("/events")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary =
                    "Receives model-published CloudEvents from the broker (binary or structured"
                            + " mode, signed by the platform)")
    public Uni<Response> receive(@Context HttpHeaders headers, byte[] body) {
        KnobsEvent<?> event;
        String signature;
        try {
            CloudEvent ce =
                    EventCodec.readHttp(
                            headers.getRequestHeaders(), body == null ? new byte[0] : body);
            event = EventCodec.fromCloudEvent(ce);
            signature = EventCodec.signature(ce);
        } catch (EventDecodingException e) {
            return Uni.createFrom().item(ApiError.response(400, e.getMessage()));
        }
        if (!signatures.verify(event, signature)) {
            return Uni.createFrom()
                    .item(
                            ApiError.response(
                                    403, "this event does not carry the platform's signature"));
        }
        if (!(event.data() instanceof ModelPublished published)) {
            return Uni.createFrom()
                    .item(
                            ApiError.response(
                                    404, "no subscription here for " + event.type().type()));
        }
        String key = ProcessedEvent.key(event.source(), event.id());
        return Panache.withTransaction(() -> notify(key, published))
                .replaceWith(Response.accepted().build());
    }

    /** One notification per event, to the owner the database names. */
    private Uni<Void> notify(String key, ModelPublished published) {
        return Notification.<Notification>findById(key)
                .chain(seen -> seen != null ? none() : models.findById(published.modelName()))
                .chain(model -> model == null ? none() : create(key, model, published));
    }

    private static <T> Uni<T> none() {
        return Uni.createFrom().nullItem();
    }

    private static Uni<Void> create(String key, PublishedModel model, ModelPublished published) {
        Notification n = new Notification();
        n.key = key;
        n.owner = model.owner;
        n.message =
                "Your model "
                        + model.name
                        + " (revision "
                        + published.revision()
                        + ") is served at "
                        + published.url();
        n.url = published.url();
        n.createdAt = Instant.now();
        return n.persist().replaceWithVoid();
    }

    public record NotificationView(String message, String url, Instant at) {}

    @GET
    @Path("/notifications")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "Your notifications, newest first")
    public Uni<List<NotificationView>> notifications() {
        return Notification.<Notification>list(
                        "owner = ?1 order by createdAt desc", owners.current())
                .map(
                        all ->
                                all.stream()
                                        .map(
                                                n ->
                                                        new NotificationView(
                                                                n.message, n.url, n.createdAt))
                                        .toList());
    }
}
