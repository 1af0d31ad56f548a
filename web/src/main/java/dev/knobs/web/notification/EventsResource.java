package dev.knobs.web.notification;

import dev.knobs.domain.experiment.ProcessedEvent;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.web.Owners;
import dev.knobs.web.error.ApiError;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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
 * produces. A redelivered event ({@code source + id}) makes no second notification.
 */
@Path("/api")
@Tag(name = "notifications", description = "What happened to your experiments and models")
public class EventsResource {
    @Inject Owners owners;

    @POST
    @Path("/events")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    @Operation(
            summary =
                    "Receives model-published CloudEvents from the broker (binary or structured mode)")
    public Uni<Response> receive(@Context HttpHeaders headers, byte[] body) {
        KnobsEvent<?> event;
        try {
            CloudEvent ce =
                    EventCodec.readHttp(
                            headers.getRequestHeaders(), body == null ? new byte[0] : body);
            event = EventCodec.fromCloudEvent(ce);
        } catch (EventDecodingException e) {
            return Uni.createFrom().item(ApiError.response(400, e.getMessage()));
        }
        if (!(event.data() instanceof ModelPublished published)) {
            return Uni.createFrom()
                    .item(
                            ApiError.response(
                                    404, "no subscription here for " + event.type().type()));
        }
        String key = ProcessedEvent.key(event.source(), event.id());
        return Notification.<Notification>findById(key)
                .flatMap(
                        existing -> {
                            if (existing != null) {
                                return Uni.createFrom().item(Response.accepted().build());
                            }
                            Notification n = new Notification();
                            n.key = key;
                            n.owner = published.owner() == null ? Owners.LOCAL : published.owner();
                            n.message =
                                    "Your model "
                                            + published.modelName()
                                            + " (revision "
                                            + published.revision()
                                            + ") is served at "
                                            + published.url();
                            n.url = published.url();
                            n.createdAt = Instant.now();
                            return n.persist().replaceWith(Response.accepted().build());
                        });
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
