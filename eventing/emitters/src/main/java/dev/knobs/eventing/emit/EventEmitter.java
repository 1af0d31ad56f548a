package dev.knobs.eventing.emit;

import dev.knobs.eventing.KnobsEvent;

/**
 * The port through which Knobs code emits events. Adapters: {@link HttpEventEmitter} (a Knative
 * Broker or the embedded broker at {@code K_SINK}) and {@link KafkaEventEmitter} (a Kafka topic).
 */
public interface EventEmitter {
    /**
     * Emits an event, at least once. Returns when the broker has accepted (stored) it; throws
     * {@link EmitException} when it could not be delivered after retrying.
     */
    void emit(KnobsEvent<?> event);
}
