package dev.knobs.web.subscription;

import dev.knobs.eventing.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the Subscriptions API shows: subscriptions (secrets only once), deliveries, attempts. */
public final class SubscriptionViews {
    private SubscriptionViews() {}

    /**
     * A subscription. {@code secret} is set only in the answer that made or rotated it; header
     * values the owner gave (they may be credentials) are not shown again.
     */
    public record SubscriptionView(
            String id,
            String sink,
            String protocol,
            List<String> types,
            Map<String, Object> filters,
            Map<String, Object> protocolSettings,
            String state,
            String disabledReason,
            Instant createdAt,
            String secret,
            Instant previousSecretValidUntil) {}

    public record AttemptView(
            int number,
            Instant at,
            Integer status,
            long latencyMs,
            String excerpt,
            boolean delivered) {}

    public record DeliveryView(
            long id,
            String eventType,
            String eventId,
            String messageId,
            String state,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant deliveredAt,
            List<AttemptView> log) {}

    static SubscriptionView of(Subscription s, String secret) {
        Map<String, Object> settings =
                new LinkedHashMap<>(Json.read(s.protocolSettings, Json.VALUES));
        if (settings.get("headers") instanceof Map<?, ?> headers) {
            Map<String, String> masked = new LinkedHashMap<>();
            headers.keySet().forEach(k -> masked.put(String.valueOf(k), "(set)"));
            settings.put("headers", masked);
        }
        return new SubscriptionView(
                s.id,
                s.sink,
                s.protocol.name(),
                Json.read(s.types, Json.STRINGS),
                Json.read(s.filters, Json.VALUES),
                settings,
                s.state.name(),
                s.disabledReason,
                s.createdAt,
                secret,
                s.previousSecretUntil != null && s.previousSecretUntil.isAfter(Instant.now())
                        ? s.previousSecretUntil
                        : null);
    }

    static DeliveryView of(Delivery d, List<DeliveryAttempt> attempts) {
        Map<String, Object> event = Json.read(d.event, Json.VALUES);
        return new DeliveryView(
                d.id,
                d.eventType,
                String.valueOf(event.get("id")),
                d.messageId,
                d.state.name(),
                d.attempts,
                d.createdAt,
                d.state == Delivery.State.PENDING ? d.nextAttemptAt : null,
                d.deliveredAt,
                attempts.stream().map(SubscriptionViews::of).toList());
    }

    static AttemptView of(DeliveryAttempt a) {
        return new AttemptView(a.number, a.at, a.status, a.latencyMs, a.excerpt, a.delivered);
    }
}
