package dev.knobs.functions.outbox;

import dev.knobs.domain.experiment.OutboxEvent;
import dev.knobs.eventing.emit.EmitException;
import dev.knobs.eventing.emit.EventEmitter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends committed outbox events to the broker, oldest first, and deletes each once accepted. Runs
 * on its own thread: right after a commit ({@link #signal()}) and every second for anything left
 * over (a broker outage, a restart). Delivery is at least once; consumers deduplicate by {@code
 * source + id}. An event the broker refuses for good is set aside with the reason, so the ones
 * after it still go. No transaction is open while it talks to the broker.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    @Inject EventEmitter emitter;
    @Inject Outbox outbox;

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "knobs-outbox-relay");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicBoolean scheduled = new AtomicBoolean();

    void start(@Observes StartupEvent event) {
        thread.scheduleWithFixedDelay(this::drainSafely, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    /** Asks for a drain soon: called after a transaction that added events commits. */
    public void signal() {
        if (scheduled.compareAndSet(false, true)) {
            thread.execute(
                    () -> {
                        scheduled.set(false);
                        drainSafely();
                    });
        }
    }

    private void drainSafely() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay: %s (will retry)", e.toString());
        }
    }

    /** An event the broker refused for good: kept with the reason, no longer in the way. */
    private void setAside(String key, String refusal) {
        LOG.errorf(
                "the broker refused %s for good; it is set aside in the outbox: %s", key, refusal);
        QuarkusTransaction.requiringNew()
                .run(
                        () ->
                                outbox.update(
                                        "setAsideAt = ?1, refusal = ?2 where key = ?3",
                                        Instant.now(),
                                        refusal,
                                        key));
    }

    private void drain() {
        while (true) {
            List<OutboxEvent> batch =
                    QuarkusTransaction.requiringNew()
                            .call(
                                    () ->
                                            outbox.find("setAsideAt is null order by createdAt")
                                                    .page(0, BATCH)
                                                    .list());
            List<String> sent = new ArrayList<>();
            try {
                for (OutboxEvent row : batch) {
                    try {
                        emitter.emit(Outbox.deserialize(row.event));
                    } catch (EmitException e) {
                        if (!e.retryable()) {
                            setAside(row.key, e.getMessage());
                            continue;
                        }
                        LOG.warnf("cannot emit %s yet: %s", row.key, e.getMessage());
                        return;
                    }
                    sent.add(row.key);
                }
            } finally {
                // one transaction for all that were accepted (a crash before it re-sends them:
                // at least once)
                if (!sent.isEmpty()) {
                    QuarkusTransaction.requiringNew().run(() -> outbox.delete("key in ?1", sent));
                }
            }
            if (batch.size() < BATCH) {
                return;
            }
        }
    }
}
