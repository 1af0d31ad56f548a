package dev.knobs.web.subscription;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.SubscriptionTest;
import dev.knobs.web.Owners;
import dev.knobs.web.Worker;
import dev.knobs.web.account.Secrets;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.error.ConflictException;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Subscriptions (CloudEvents Subscriptions API, delivered as Standard Webhooks or to Kafka): each
 * user sees and changes only their own; another user's answers 404 as an unknown one does.
 */
@Path("/api/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "subscriptions",
        description = "Your events, delivered to your webhooks and Kafka topics")
public class SubscriptionResource {
    @Inject Owners owners;
    @Inject Worker worker;
    @Inject SecretBox box;
    @Inject WebConfig config;
    @Inject DeliveryWorker deliveries;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Subscribe to the events about your experiments and models",
            description =
                    "201 with the subscription and, this once only, its signing secret (whsec_…)."
                            + " 400 for a sink that is not a public http(s) or kafka:// address, an"
                            + " unknown type or filter.")
    public Uni<Response> create(SubscriptionRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("send a subscription as JSON: {\"sink\": …}");
        }
        SubscriptionRequest.Normalized n = request.normalized();
        String owner = owners.current();
        return worker.call(() -> checkHosts(n))
                .chain(() -> Panache.withTransaction(() -> store(owner, n)))
                .map(created -> Response.status(201).entity(created).build());
    }

    private Void checkHosts(SubscriptionRequest.Normalized n) {
        for (String host : n.hosts()) {
            try {
                SinkCheck.resolve(host, config.notifications().allowPrivateSinks());
            } catch (SinkCheck.Refused e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        return null;
    }

    private Uni<SubscriptionViews.SubscriptionView> store(
            String owner, SubscriptionRequest.Normalized n) {
        return Subscription.count("owner", owner).chain(count -> store(owner, n, count));
    }

    private Uni<SubscriptionViews.SubscriptionView> store(
            String owner, SubscriptionRequest.Normalized n, long count) {
        if (count >= config.notifications().maxPerUser()) {
            throw new ConflictException(
                    "you have " + count + " subscriptions, the most one user may have; delete one");
        }
        String secret = WebhookSigner.newSecret();
        Subscription s = new Subscription();
        s.id = "sub-" + Secrets.randomHex(8);
        s.owner = owner;
        s.sink = n.sink();
        s.protocol = n.protocol();
        s.types = Json.write(n.types());
        s.filters = Json.write(n.filters());
        s.protocolSettings = Json.write(n.protocolSettings());
        s.secret = box.seal(secret, s.id);
        s.state = Subscription.State.ACTIVE;
        s.createdAt = Instant.now();
        return s.persist().map(x -> SubscriptionViews.of(s, secret));
    }

    @GET
    @WithSession
    @Operation(summary = "Your subscriptions")
    public Uni<List<SubscriptionViews.SubscriptionView>> list() {
        return Subscription.<Subscription>list("owner = ?1 order by createdAt", owners.current())
                .map(all -> all.stream().map(s -> SubscriptionViews.of(s, null)).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One of your subscriptions")
    public Uni<SubscriptionViews.SubscriptionView> get(@PathParam("id") String id) {
        return own(id).map(s -> SubscriptionViews.of(s, null));
    }

    /** The caller's subscription {@code id}; 404 for an unknown one and for another user's. */
    private Uni<Subscription> own(String id) {
        String owner = owners.current();
        return Subscription.<Subscription>findById(id)
                .map(
                        s -> {
                            if (s == null || !s.owner.equals(owner)) {
                                throw new NotFoundException("you have no subscription " + id);
                            }
                            return s;
                        });
    }

    @DELETE
    @Path("/{id}")
    @WithTransaction
    @Operation(summary = "Delete a subscription: nothing more is delivered, its log goes too")
    public Uni<Response> delete(@PathParam("id") String id) {
        return own(id).chain(SubscriptionResource::deleteWithLog)
                .replaceWith(Response.noContent().build());
    }

    private static Uni<Void> deleteWithLog(Subscription s) {
        String ofIt = "deliveryId in (select d.id from Delivery d where d.subscriptionId = ?1)";
        return DeliveryAttempt.delete(ofIt, s.id)
                .chain(() -> Delivery.delete("subscriptionId", s.id))
                .chain(s::delete);
    }

    @POST
    @Path("/{id}/rotate-secret")
    @WithTransaction
    @Operation(
            summary = "A new signing secret (shown this once)",
            description =
                    "Until previousSecretValidUntil every delivery carries a signature under the"
                            + " old secret and one under the new, so receivers can switch without"
                            + " losing an event.")
    public Uni<SubscriptionViews.SubscriptionView> rotate(@PathParam("id") String id) {
        return own(id).map(
                        s -> {
                            String secret = WebhookSigner.newSecret();
                            s.previousSecret = s.secret;
                            s.previousSecretUntil =
                                    Instant.now().plus(config.notifications().secretGrace());
                            s.secret = box.seal(secret, s.id);
                            return SubscriptionViews.of(s, secret);
                        });
    }

    @POST
    @Path("/{id}/enable")
    @WithTransaction
    @Operation(
            summary = "Deliver again to a subscription that was disabled (its receiver said 410)")
    public Uni<SubscriptionViews.SubscriptionView> enable(@PathParam("id") String id) {
        return own(id).map(
                        s -> {
                            s.state = Subscription.State.ACTIVE;
                            s.disabledReason = null;
                            return SubscriptionViews.of(s, null);
                        });
    }

    @POST
    @Path("/{id}/test")
    @Operation(
            summary = "Send a test event (dev.knobs.subscription-test) to this subscription",
            description = "202 with the queued delivery; its attempts appear in the delivery log.")
    public Uni<Response> test(@PathParam("id") String id) {
        return Panache.withTransaction(() -> own(id).chain(SubscriptionResource::queueTest))
                .invoke(deliveries::signal)
                .map(view -> Response.accepted().entity(view).build());
    }

    private static Uni<SubscriptionViews.DeliveryView> queueTest(Subscription s) {
        active(s);
        Delivery d = testDelivery(s);
        return d.persist().map(x -> SubscriptionViews.of(d, List.of()));
    }

    private static void active(Subscription s) {
        if (s.state != Subscription.State.ACTIVE) {
            throw new ConflictException(
                    "subscription "
                            + s.id
                            + " is disabled ("
                            + s.disabledReason
                            + "); enable it first");
        }
    }

    private static Delivery testDelivery(Subscription s) {
        String id = s.id + "/test/" + Secrets.randomHex(6);
        KnobsEvent<SubscriptionTest> event =
                new KnobsEvent<>(
                        id,
                        EventSources.WEB,
                        s.id,
                        new SubscriptionTest(
                                s.id, s.owner, "A test event from Knobs: your receiver works."));
        return FanOut.delivery(
                s,
                EventSources.WEB + "/" + id,
                EventCodec.toCloudEvent(event),
                new FanOut.About(null, null));
    }

    @GET
    @Path("/{id}/deliveries")
    @WithSession
    @Operation(summary = "The delivery log: the newest deliveries, each with every attempt")
    public Uni<List<SubscriptionViews.DeliveryView>> deliveries(
            @PathParam("id") String id, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500");
        }
        return own(id).chain(
                        s ->
                                Delivery.<Delivery>find(
                                                "subscriptionId = ?1 order by id desc", s.id)
                                        .page(0, limit)
                                        .list())
                .chain(this::withAttempts);
    }

    private Uni<List<SubscriptionViews.DeliveryView>> withAttempts(List<Delivery> ds) {
        if (ds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Long> ids = ds.stream().map(d -> d.id).toList();
        return DeliveryAttempt.<DeliveryAttempt>list("deliveryId in ?1 order by number", ids)
                .map(attempts -> views(ds, attempts));
    }

    private static List<SubscriptionViews.DeliveryView> views(
            List<Delivery> ds, List<DeliveryAttempt> attempts) {
        Map<Long, List<DeliveryAttempt>> by =
                attempts.stream().collect(Collectors.groupingBy(a -> a.deliveryId));
        return ds.stream()
                .map(d -> SubscriptionViews.of(d, by.getOrDefault(d.id, List.of())))
                .toList();
    }

    @POST
    @Path("/{id}/deliveries/{delivery}/redeliver")
    @Operation(summary = "Send a delivery again now (the same webhook-id), whatever became of it")
    public Uni<Response> redeliver(
            @PathParam("id") String id, @PathParam("delivery") long delivery) {
        return Panache.withTransaction(() -> own(id).chain(s -> redeliver(s, delivery)))
                .invoke(deliveries::signal)
                .map(view -> Response.accepted().entity(view).build());
    }

    private static Uni<SubscriptionViews.DeliveryView> redeliver(Subscription s, long delivery) {
        active(s);
        return Delivery.<Delivery>findById(delivery).map(d -> again(s, d, delivery));
    }

    private static SubscriptionViews.DeliveryView again(Subscription s, Delivery d, long delivery) {
        if (d == null || !d.subscriptionId.equals(s.id)) {
            throw new NotFoundException("subscription " + s.id + " has no delivery " + delivery);
        }
        d.state = Delivery.State.PENDING;
        d.nextAttemptAt = Instant.now();
        d.leaseUntil = null;
        return SubscriptionViews.of(d, List.of());
    }
}
