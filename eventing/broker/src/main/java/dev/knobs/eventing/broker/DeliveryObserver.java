package dev.knobs.eventing.broker;

/** Hears how each delivery attempt of the broker ended, per Trigger (for an operator's metrics). */
@FunctionalInterface
public interface DeliveryObserver {
    DeliveryObserver NONE = (trigger, outcome) -> {};

    enum Outcome {
        DELIVERED,
        /** It failed and is tried again later. */
        RETRIED,
        /** Its retries are spent: a dead letter. */
        DEAD_LETTERED
    }

    void observed(String trigger, Outcome outcome);
}
