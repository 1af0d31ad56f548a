package dev.knobs.functions.metrics;

import dev.knobs.functions.serving.gateway.GatewayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The functions' own metrics (Prometheus at {@code /q/metrics} on the management port): trial
 * durations by outcome, counted when the transaction that recorded the end commits; and the model
 * gateway's requests per model (a latency histogram by status class) and cold starts.
 */
@ApplicationScoped
public class FunctionsMeters implements GatewayMetrics {
    @Inject MeterRegistry registry;
    @Inject TransactionSynchronizationRegistry transactions;

    /** A trial ended as {@code outcome} after running from {@code started} to {@code ended}. */
    public void trialEnded(String outcome, Instant started, Instant ended) {
        if (started == null || ended == null) {
            return;
        }
        Duration took = Duration.between(started, ended);
        Timer timer =
                Timer.builder("knobs.trial.duration")
                        .description("How long trials ran, by how they ended")
                        .tag("outcome", outcome)
                        .publishPercentileHistogram()
                        .register(registry);
        transactions.registerInterposedSynchronization(
                new Synchronization() {
                    @Override
                    public void beforeCompletion() {}

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            timer.record(took);
                        }
                    }
                });
    }

    /** The gateway's timers, one per model and status class: no meter lookup per request. */
    private final Map<String, Timer[]> requests = new ConcurrentHashMap<>();

    @Override
    public void answered(String model, int status, long nanos) {
        int kind = Math.max(0, Math.min(5, status / 100));
        Timer[] byStatus = requests.computeIfAbsent(model, m -> new Timer[6]);
        Timer timer = byStatus[kind];
        if (timer == null) {
            timer =
                    Timer.builder("knobs.model.requests")
                            .description("Requests to a model through the gateway, by status class")
                            .tag("model", model)
                            .tag("status", kind + "xx")
                            .publishPercentileHistogram()
                            .register(registry);
            byStatus[kind] = timer;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void coldStart(String model, long nanos, boolean ready) {
        Timer.builder("knobs.gateway.cold.starts")
                .description("Model servers started from zero, and how long until ready")
                .tag("model", model)
                .tag("ready", String.valueOf(ready))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
