package dev.knobs.domain.events;

import dev.knobs.eventing.publish.EventPublisher;
import dev.knobs.eventing.publish.HttpEventPublisher;
import dev.knobs.eventing.publish.KafkaEventPublisher;
import io.cloudevents.core.message.Encoding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the event publisher port for both deployables, by {@code knobs.events.publisher}: HTTP to
 * the broker at {@code knobs.sink} ({@code K_SINK}), or Kafka with the CloudEvents Kafka binding.
 */
@ApplicationScoped
public class PublisherProducer {
    @Produces
    @Singleton
    EventPublisher publisher(EventsConfig config, @ConfigProperty(name = "knobs.sink") URI sink) {
        return switch (config.publisher()) {
            case "http" -> new HttpEventPublisher(sink);
            case "kafka" ->
                    new KafkaEventPublisher(
                            config.kafka()
                                    .bootstrapServers()
                                    .orElseThrow(
                                            () ->
                                                    new IllegalStateException(
                                                            "knobs.events.publisher=kafka needs knobs.events.kafka.bootstrap-servers")),
                            config.kafka().topic(),
                            Encoding.valueOf(config.kafka().encoding().toUpperCase()),
                            Map.of());
            default ->
                    throw new IllegalStateException(
                            "knobs.events.publisher must be http or kafka, not "
                                    + config.publisher());
        };
    }

    void close(@Disposes EventPublisher publisher) {
        if (publisher instanceof KafkaEventPublisher kafka) {
            kafka.close();
        }
    }
}
