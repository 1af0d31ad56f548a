package dev.knobs.web.subscription;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.trust.EventSignatures;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns one event for an owner into one queued {@link Delivery} per subscription of that owner that
 * takes it (its types and filters), inside the caller's transaction.
 */
@ApplicationScoped
public class FanOut {

    /** What the event is about, read from its payload: the keys filters and ordering use. */
    public record About(String experimentId, String modelName) {
        public static About of(Object payload) {
            Map<String, Object> fields = Json.MAPPER.convertValue(payload, Json.VALUES);
            return new About(text(fields.get("experimentId")), text(fields.get("modelName")));
        }

        private static String text(Object v) {
            return v == null ? null : v.toString();
        }

        /** One experiment's events keep their order (a model's, when it has no experiment). */
        public String orderKey() {
            return experimentId != null
                    ? experimentId
                    : modelName != null ? "model:" + modelName : "none";
        }
    }

    /**
     * Queues {@code ce} (the event {@code key}) for every matching active subscription of {@code
     * owner}.
     */
    public Uni<Integer> queue(String owner, String key, CloudEvent ce, About about) {
        return Subscription.<Subscription>list(
                        "owner = ?1 and state = ?2", owner, Subscription.State.ACTIVE)
                .chain(
                        subs -> {
                            List<Delivery> owed = new ArrayList<>();
                            for (Subscription s : subs) {
                                if (takes(s, ce.getType(), about)) {
                                    owed.add(delivery(s, key, ce, about));
                                }
                            }
                            return owed.isEmpty()
                                    ? Uni.createFrom().item(0)
                                    : Delivery.persist(owed).replaceWith(owed.size());
                        });
    }

    static boolean takes(Subscription s, String type, About about) {
        List<String> types = Json.read(s.types, Json.STRINGS);
        if (!types.isEmpty() && !types.contains(type)) {
            return false;
        }
        Map<String, Object> filters = Json.read(s.filters, Json.VALUES);
        Object experiment = filters.get("experimentId");
        Object model = filters.get("modelName");
        return (experiment == null || experiment.equals(about.experimentId()))
                && (model == null || model.equals(about.modelName()));
    }

    /** A queued delivery of {@code ce} to {@code s}, due now. */
    public static Delivery delivery(Subscription s, String key, CloudEvent ce, About about) {
        Delivery d = new Delivery();
        d.subscriptionId = s.id;
        d.owner = s.owner;
        d.eventKey = key;
        d.eventType = ce.getType();
        d.orderKey = about.orderKey();
        d.messageId = messageId(s.id, key);
        d.event = forReceivers(ce);
        d.state = Delivery.State.PENDING;
        d.createdAt = Instant.now();
        d.nextAttemptAt = d.createdAt;
        return d;
    }

    /**
     * The event as receivers get it: structured JSON, without the platform's internal signature.
     */
    static String forReceivers(CloudEvent ce) {
        CloudEvent plain =
                CloudEventBuilder.v1(ce).withoutExtension(EventSignatures.EXTENSION).build();
        return new String(EventCodec.writeStructured(plain, (k, v) -> {}), StandardCharsets.UTF_8);
    }

    /** Standard Webhooks' {@code webhook-id}: one per subscription and event, on every attempt. */
    static String messageId(String subscriptionId, String eventKey) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    (subscriptionId + "\n" + eventKey)
                                            .getBytes(StandardCharsets.UTF_8));
            return "msg_"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
