package dev.knobs.eventing.broker;

import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.Map;

/**
 * What the embedded broker takes from one Knative {@code Trigger}: its exact-match attribute
 * filter, its subscriber (a Service name and an optional path) and its delivery policy — with
 * {@code ordered} (the Kafka broker's {@code kafka.eventing.knative.dev/delivery.order: ordered}),
 * events of one {@code partitionkey} go one at a time, in the order they came.
 */
public record TriggerDefinition(
        String name,
        String broker,
        Map<String, String> filter,
        String subscriberService,
        String subscriberPath,
        int retry,
        Duration backoffDelay,
        boolean exponential,
        String deadLetterService,
        String deadLetterPath,
        boolean ordered) {

    /** The annotation that asks for ordered delivery, and its value. */
    public static final String ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order";

    public TriggerDefinition {
        filter = Map.copyOf(filter);
    }

    /** A Trigger whose deliveries may overlap. */
    public TriggerDefinition(
            String name,
            String broker,
            Map<String, String> filter,
            String subscriberService,
            String subscriberPath,
            int retry,
            Duration backoffDelay,
            boolean exponential,
            String deadLetterService,
            String deadLetterPath) {
        this(
                name,
                broker,
                filter,
                subscriberService,
                subscriberPath,
                retry,
                backoffDelay,
                exponential,
                deadLetterService,
                deadLetterPath,
                false);
    }

    /** A Trigger without a dead-letter sink. */
    public TriggerDefinition(
            String name,
            String broker,
            Map<String, String> filter,
            String subscriberService,
            String subscriberPath,
            int retry,
            Duration backoffDelay,
            boolean exponential) {
        this(
                name,
                broker,
                filter,
                subscriberService,
                subscriberPath,
                retry,
                backoffDelay,
                exponential,
                null,
                null);
    }

    /** Knative's filter semantics: every listed attribute must equal the event's. */
    public boolean matches(CloudEvent event) {
        return filter.entrySet().stream()
                .allMatch(f -> f.getValue().equals(attribute(event, f.getKey())));
    }

    /** The delay before retry number {@code attempt} (1-based), as Knative computes it. */
    public Duration backoff(int attempt) {
        return exponential
                ? backoffDelay.multipliedBy(1L << Math.min(attempt - 1, 20))
                : backoffDelay.multipliedBy(attempt);
    }

    private static String attribute(CloudEvent event, String name) {
        Object value =
                switch (name) {
                    case "type" -> event.getType();
                    case "source" -> event.getSource();
                    case "subject" -> event.getSubject();
                    case "id" -> event.getId();
                    default -> event.getExtension(name);
                };
        return value == null ? null : value.toString();
    }
}
