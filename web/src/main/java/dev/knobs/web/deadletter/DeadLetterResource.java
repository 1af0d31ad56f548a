package dev.knobs.web.deadletter;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import dev.knobs.eventing.EventType;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.emit.EventEmitter;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.web.Worker;
import dev.knobs.web.account.Roles;
import dev.knobs.web.error.ApiError;
import dev.knobs.web.error.NotFoundException;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The dead-letter sink of every Trigger ({@code deadLetterSink} in {@code 500-triggers.yaml}, the
 * embedded broker's and Knative's alike) and the administrators' view of it: list the events the
 * broker gave up on, and replay one — it goes back into the broker, whose consumers recognise what
 * they already handled.
 */
@Path("/api")
@Tag(name = "dead letters", description = "Events the broker gave up delivering (administrators)")
public class DeadLetterResource {
    @Inject EventSignatures signatures;
    @Inject EventEmitter emitter;
    @Inject Worker worker;

    /** A dead letter as listed. */
    public record DeadLetterView(
            String key,
            String type,
            String id,
            String destination,
            String reason,
            Instant receivedAt,
            Instant replayedAt) {
        static DeadLetterView of(DeadLetter d) {
            return new DeadLetterView(
                    d.key, d.type, d.eventId, d.destination, d.reason, d.receivedAt, d.replayedAt);
        }
    }

    @POST
    @Path("/dead-letters")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Receives an event the broker gave up delivering (the broker does this)")
    public Uni<Response> receive(@Context HttpHeaders headers, byte[] body) {
        CloudEvent ce;
        try {
            ce =
                    EventCodec.readHttp(
                            headers.getRequestHeaders(), body == null ? new byte[0] : body);
        } catch (EventDecodingException e) {
            return Uni.createFrom().item(ApiError.response(400, e.getMessage()));
        }
        // only the platform's own events are kept: Knative's sources (the clock, Job changes) send
        // theirs again, and the reconciler does not wait for them
        if (!signed(ce)) {
            return Uni.createFrom()
                    .item(
                            ApiError.response(
                                    403, "this event does not carry the platform's signature"));
        }
        DeadLetter d = new DeadLetter();
        d.destination = text(ce.getExtension("knativeerrordest"));
        d.key = ce.getSource() + " " + ce.getId() + " " + d.destination;
        d.type = ce.getType();
        d.eventId = ce.getId();
        d.event = new String(EventCodec.writeStructured(ce, (k, v) -> {}), StandardCharsets.UTF_8);
        d.reason = reason(ce);
        d.receivedAt = Instant.now();
        return Panache.withTransaction(
                        () ->
                                DeadLetter.<DeadLetter>findById(d.key)
                                        .chain(seen -> seen != null ? none() : d.persist()))
                .replaceWith(Response.accepted().build());
    }

    private boolean signed(CloudEvent ce) {
        try {
            return signatures.verify(EventCodec.fromCloudEvent(ce), EventCodec.signature(ce));
        } catch (EventDecodingException e) {
            return false;
        }
    }

    private static String reason(CloudEvent ce) {
        String data = text(ce.getExtension("knativeerrordata"));
        String code = text(ce.getExtension("knativeerrorcode"));
        try {
            data =
                    data == null
                            ? null
                            : new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not base64: keep it as it came
        }
        return (code == null ? "" : "HTTP " + code + ": ") + (data == null ? "" : data);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static <T> Uni<T> none() {
        return Uni.createFrom().nullItem();
    }

    @GET
    @Path("/admin/dead-letters")
    @RolesAllowed(Roles.ADMIN)
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The events the broker gave up delivering, newest first (administrators)")
    public Uni<List<DeadLetterView>> list(@QueryParam("limit") Integer limit) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        return DeadLetter.<DeadLetter>find("order by receivedAt desc")
                .page(0, n)
                .list()
                .map(all -> all.stream().map(DeadLetterView::of).toList());
    }

    @POST
    @Path("/admin/dead-letters/replay")
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Sends a dead letter into the broker again (administrators)",
            description =
                    "?key=<key from the list>. Consumers recognise an event they handled, so a"
                            + " replay changes only what was left undone.")
    public Uni<DeadLetterView> replay(@QueryParam("key") String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("give the dead letter's key: ?key=…");
        }
        return Panache.withSession(() -> DeadLetter.<DeadLetter>findById(key))
                .map(d -> found(d, key))
                .call(d -> worker.call(() -> resend(d)))
                .call(
                        d ->
                                Panache.withTransaction(
                                        () ->
                                                DeadLetter.update(
                                                        "replayedAt = ?1 where key = ?2",
                                                        Instant.now(),
                                                        key)))
                .map(DeadLetterView::of);
    }

    private static DeadLetter found(DeadLetter d, String key) {
        if (d == null) {
            throw new NotFoundException("no dead letter '" + key + "'");
        }
        if (EventType.fromType(d.type).isEmpty()) {
            throw new IllegalArgumentException(
                    d.type + " events come from Knative's own sources, which send them again");
        }
        return d;
    }

    private Object resend(DeadLetter d) {
        KnobsEvent<?> event =
                EventCodec.fromCloudEvent(
                        EventCodec.readHttp(
                                java.util.Map.of(
                                        "content-type", List.of("application/cloudevents+json")),
                                d.event.getBytes(StandardCharsets.UTF_8)));
        emitter.emit(event);
        return event;
    }
}
