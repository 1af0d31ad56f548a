package dev.knobs.functions.outbox;

import dev.knobs.domain.experiment.OutboxEvent;
import dev.knobs.domain.experiment.ProcessedEvent;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.KnobsEvent;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records events to emit inside the caller's transaction (a transactional outbox): they reach the
 * broker if and only if the state change that caused them commits. {@link OutboxRelay} sends them
 * after the commit.
 */
@ApplicationScoped
public class Outbox implements PanacheRepositoryBase<OutboxEvent, String> {

    /** Adds an event to the current transaction's outbox; adding the same event twice keeps one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(KnobsEvent<?> event) {
        String key = ProcessedEvent.key(event.source(), event.id());
        if (findByIdOptional(key).isPresent()) {
            return;
        }
        OutboxEvent row = new OutboxEvent();
        row.key = key;
        row.event = serialize(EventCodec.toCloudEvent(event));
        row.createdAt = next();
        persist(row);
    }

    private static final AtomicReference<Instant> LAST = new AtomicReference<>(Instant.EPOCH);

    /**
     * A time after every earlier event's (at the database's microsecond precision), so the relay
     * sends the events of one change — a trial's end, then its experiment's — in the order they
     * were added.
     */
    static Instant next() {
        return LAST.updateAndGet(
                last -> {
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
                });
    }

    /** Whether an event with this source and id waits to be sent. */
    public boolean holds(String source, String id) {
        return findByIdOptional(ProcessedEvent.key(source, id)).isPresent();
    }

    static String serialize(CloudEvent event) {
        return new String(EventCodec.writeStructured(event, (k, v) -> {}), StandardCharsets.UTF_8);
    }

    static KnobsEvent<?> deserialize(String structured) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/cloudevents+json"));
        return EventCodec.fromCloudEvent(
                EventCodec.readHttp(headers, structured.getBytes(StandardCharsets.UTF_8)));
    }
}
