package dev.knobs.web.events;

import dev.knobs.eventing.publish.EventPublisher;
import dev.knobs.eventing.publish.HttpEventPublisher;
import dev.knobs.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Wires the event publisher port for the front: CloudEvents over HTTP to the broker at {@code
 * knobs.sink}.
 */
@ApplicationScoped
public class PublisherProducer {
    @Produces
    @Singleton
    EventPublisher publisher(WebConfig config) {
        return new HttpEventPublisher(config.sink());
    }
}
