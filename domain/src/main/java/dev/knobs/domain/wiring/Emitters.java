package dev.knobs.domain.wiring;

import dev.knobs.eventing.emit.EventEmitter;
import dev.knobs.eventing.emit.HttpEventEmitter;
import dev.knobs.eventing.emit.KafkaEventEmitter;
import io.cloudevents.core.message.Encoding;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/** The event emitter the settings choose, for the front and the functions alike. */
public final class Emitters {
    private Emitters() {}

    /**
     * @param sink the broker ingress ({@code K_SINK}) for the HTTP adapter
     */
    public static EventEmitter chosen(AdapterSettings settings, URI sink) {
        return switch (settings.events()) {
            case HTTP -> new HttpEventEmitter(sink);
            case KAFKA -> kafka(settings.kafka());
        };
    }

    private static EventEmitter kafka(AdapterSettings.Kafka kafka) {
        String servers =
                kafka.bootstrapServers()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "knobs.adapters.events=kafka needs"
                                                        + " knobs.kafka.bootstrap-servers"
                                                        + " (KNOBS_KAFKA_BOOTSTRAP_SERVERS)"));
        return new KafkaEventEmitter(
                servers,
                kafka.topic(),
                Encoding.valueOf(kafka.encoding().toUpperCase(Locale.ROOT)),
                Map.of());
    }

    /** Releases what an emitter holds (a Kafka producer's connections). */
    public static void close(EventEmitter emitter) {
        if (emitter instanceof KafkaEventEmitter kafka) {
            kafka.close();
        }
    }
}
