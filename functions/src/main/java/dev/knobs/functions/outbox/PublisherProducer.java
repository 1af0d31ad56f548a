package dev.knobs.functions.outbox;

import dev.knobs.eventing.publish.EventPublisher;
import dev.knobs.eventing.publish.HttpEventPublisher;
import dev.knobs.functions.config.KnobsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Wires the event publisher port: CloudEvents over HTTP to the broker at {@code knobs.sink}. */
@ApplicationScoped
public class PublisherProducer {
    @Produces
    @ApplicationScoped
    EventPublisher publisher(KnobsConfig config) {
        return new HttpEventPublisher(config.sink());
    }
}
