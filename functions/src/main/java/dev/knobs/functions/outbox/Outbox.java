package dev.knobs.functions.outbox;

import dev.knobs.domain.experiment.OutboxEvent;
import dev.knobs.domain.experiment.ProcessedEvent;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.KnobsEvent;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records events to publish inside the caller's transaction (a transactional outbox): they reach
 * the broker if and only if the state change that caused them commits. {@link OutboxRelay} sends
 * them after the commit.
 */
@ApplicationScoped
public class Outbox {

    /** Adds an event to the current transaction's outbox; adding the same event twice keeps one. */
    public Uni<Void> add(KnobsEvent<?> event) {
        String key = ProcessedEvent.key(event.source(), event.id());
        return OutboxEvent.<OutboxEvent>findById(key)
                .flatMap(
                        existing -> {
                            if (existing != null) {
                                return Uni.createFrom().voidItem();
                            }
                            OutboxEvent row = new OutboxEvent();
                            row.key = key;
                            row.event = serialize(EventCodec.toCloudEvent(event));
                            row.createdAt = Instant.now();
                            return row.persist().replaceWithVoid();
                        });
    }

    static String serialize(CloudEvent event) {
        return new String(EventCodec.writeStructured(event, (k, v) -> {}), StandardCharsets.UTF_8);
    }

    static KnobsEvent<?> deserialize(String structured) {
        Map<String, java.util.List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", java.util.List.of("application/cloudevents+json"));
        return EventCodec.fromCloudEvent(
                EventCodec.readHttp(headers, structured.getBytes(StandardCharsets.UTF_8)));
    }
}
