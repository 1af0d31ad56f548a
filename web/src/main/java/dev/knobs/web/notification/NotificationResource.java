package dev.knobs.web.notification;

import dev.knobs.eventing.Json;
import dev.knobs.web.Owners;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The notification centre: a user's own notifications, newest first, what is unread, marking read,
 * and a live stream of the unread count and the newest notification.
 */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications", description = "What happened to your experiments and models")
public class NotificationResource {
    private static final long LIVE_CHECK_MS = 1000;

    @Inject Owners owners;
    @Inject Vertx vertx;

    public record NotificationView(
            String id,
            String type,
            String message,
            String url,
            String experimentId,
            Instant at,
            boolean read) {
        static NotificationView of(Notification n) {
            return new NotificationView(
                    n.id, n.type, n.message, n.url, n.experimentId, n.createdAt, n.readAt != null);
        }
    }

    /** What the live stream sends: the unread count and the newest notification. */
    public record Summary(long unread, NotificationView newest) {}

    @GET
    @WithSession
    @Operation(
            summary =
                    "Your notifications, newest first (at most 'limit'; 'unread=true': only unread)")
    public Uni<List<NotificationView>> list(
            @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("unread") @DefaultValue("false") boolean unreadOnly) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500");
        }
        String query =
                "owner = ?1"
                        + (unreadOnly ? " and readAt is null" : "")
                        + " order by createdAt desc";
        return Notification.<Notification>find(query, owners.current())
                .page(0, limit)
                .list()
                .map(all -> all.stream().map(NotificationView::of).toList());
    }

    @GET
    @Path("/summary")
    @WithSession
    @Operation(summary = "How many of your notifications are unread, and the newest")
    public Uni<Summary> summary() {
        return summary(owners.current());
    }

    private static Uni<Summary> summary(String owner) {
        return Notification.count("owner = ?1 and readAt is null", owner)
                .chain(unread -> newest(owner).map(n -> new Summary(unread, n)));
    }

    private static Uni<NotificationView> newest(String owner) {
        return Notification.<Notification>find("owner = ?1 order by createdAt desc", owner)
                .firstResult()
                .map(n -> n == null ? null : NotificationView.of(n));
    }

    @POST
    @Path("/{id}/read")
    @WithTransaction
    @Operation(summary = "Mark one of your notifications read (404 for another user's)")
    public Uni<Summary> read(@PathParam("id") String id) {
        String owner = owners.current();
        return Notification.update(
                        "readAt = ?1 where id = ?2 and owner = ?3 and readAt is null",
                        Instant.now(),
                        id,
                        owner)
                .chain(n -> Notification.<Notification>findById(id))
                .invoke(
                        n -> {
                            if (n == null || !n.owner.equals(owner)) {
                                throw new NotFoundException("no notification " + id);
                            }
                        })
                .chain(n -> summary(owner));
    }

    @POST
    @Path("/read-all")
    @WithTransaction
    @Operation(summary = "Mark all your notifications read")
    public Uni<Summary> readAll() {
        String owner = owners.current();
        return Notification.update(
                        "readAt = ?1 where owner = ?2 and readAt is null", Instant.now(), owner)
                .chain(n -> summary(owner));
    }

    @GET
    @Path("/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Live (server-sent events): your unread count and newest notification, whenever"
                            + " they change")
    public Multi<Summary> live() {
        String owner = owners.current();
        AtomicReference<String> last = new AtomicReference<>();
        // the timer fires on this request's context, where the reactive session may run
        return vertx.periodicStream(LIVE_CHECK_MS)
                .toMulti()
                .onOverflow()
                .drop()
                .onItem()
                .transformToUniAndConcatenate(tick -> Panache.withSession(() -> summary(owner)))
                .select()
                .where(
                        s -> {
                            String now = Json.write(s);
                            return !now.equals(last.getAndSet(now));
                        });
    }
}
