package dev.knobs.web.metrics;

import dev.knobs.eventing.broker.DeliveryObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The front's counters: each attempt of a delivery to a subscription (by protocol and how it ended,
 * with its latency) and, on one machine, each delivery attempt of the embedded broker per Trigger.
 */
@ApplicationScoped
public class WebMeters implements DeliveryObserver {
    @Inject MeterRegistry registry;

    /**
     * One attempt to deliver to a subscription: {@code outcome} delivered, retried, failed, gone.
     */
    public void subscriptionAttempt(String protocol, String outcome, long latencyMs) {
        Timer.builder("knobs.notification.deliveries")
                .description("Attempts to deliver events to subscriptions, by how they ended")
                .tag("protocol", protocol)
                .tag("outcome", outcome)
                .register(registry)
                .record(latencyMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void observed(String trigger, Outcome outcome) {
        registry.counter(
                        "knobs.broker.deliveries",
                        "trigger",
                        trigger,
                        "outcome",
                        outcome.name().toLowerCase(Locale.ROOT))
                .increment();
    }
}
