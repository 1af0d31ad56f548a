package dev.knobs.web.metrics;

import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.TrialState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * What the database says of the platform, as gauges an operator scrapes: experiments by status,
 * trials by state (those {@code REQUESTED} are the queue: waiting for a slot) and deliveries owed
 * to subscriptions. Counted every {@value #PERIOD_MS} ms by one query each, not per scrape.
 */
@ApplicationScoped
public class PlatformGauges {
    private static final Logger LOG = Logger.getLogger(PlatformGauges.class);
    static final long PERIOD_MS = 5_000;

    @Inject MeterRegistry registry;
    @Inject Pool pool;
    @Inject Vertx vertx;

    private final Map<String, AtomicLong> experiments = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> trials = new ConcurrentHashMap<>();
    private final AtomicLong owed = new AtomicLong();
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        for (ExperimentStatus s : ExperimentStatus.values()) {
            gauge("knobs.experiments", "Experiments by status", "status", s.name(), experiments);
        }
        for (TrialState s : TrialState.values()) {
            gauge(
                    "knobs.trials",
                    "Trials by state (REQUESTED: waiting)",
                    "state",
                    s.name(),
                    trials);
        }
        Gauge.builder("knobs.notification.deliveries.owed", owed, AtomicLong::get)
                .description("Deliveries to subscriptions not yet made (due or waiting to retry)")
                .register(registry);
        timer = vertx.setPeriodic(1_000, PERIOD_MS, id -> count());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void gauge(
            String name,
            String description,
            String tag,
            String value,
            Map<String, AtomicLong> into) {
        AtomicLong holder = into.computeIfAbsent(value, v -> new AtomicLong());
        Gauge.builder(name, holder, AtomicLong::get)
                .description(description)
                .tag(tag, value)
                .register(registry);
    }

    private void count() {
        countInto(
                "SELECT status AS k, count(*) AS n FROM experiments GROUP BY status", experiments);
        countInto("SELECT state AS k, count(*) AS n FROM trials GROUP BY state", trials);
        pool.query("SELECT count(*) AS n FROM subscription_deliveries WHERE state = 'PENDING'")
                .execute()
                .subscribe()
                .with(
                        rows -> owed.set(rows.iterator().next().getLong("n")),
                        f -> LOG.debugf("cannot count deliveries: %s", f));
    }

    private void countInto(String sql, Map<String, AtomicLong> into) {
        pool.query(sql)
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            Map<String, Long> counted = new java.util.HashMap<>();
                            for (Row r : rows) {
                                counted.put(r.getString("k"), r.getLong("n"));
                            }
                            into.forEach((k, holder) -> holder.set(counted.getOrDefault(k, 0L)));
                        },
                        f -> LOG.debugf("cannot count for the metrics: %s", f));
    }
}
