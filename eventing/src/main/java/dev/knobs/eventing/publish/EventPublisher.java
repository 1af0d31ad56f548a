package dev.knobs.eventing.publish;

import dev.knobs.eventing.KnobsEvent;

/**
 * The port through which Knobs code emits events. Adapters: {@link HttpEventPublisher} (a Knative
 * Broker or the embedded broker at {@code K_SINK}).
 */
public interface EventPublisher {
    /**
     * Publishes an event, at least once. Returns when the broker has accepted (stored) it; throws
     * {@link PublishException} when it could not be delivered after retrying.
     */
    void publish(KnobsEvent<?> event);
}
