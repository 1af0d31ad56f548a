package dev.knobs.domain.wiring;

import dev.knobs.eventing.emit.EventEmitter;
import dev.knobs.eventing.emit.HttpEventEmitter;
import dev.knobs.eventing.emit.KafkaEventEmitter;
import dev.knobs.eventing.trust.EventSignatures;
import io.cloudevents.core.message.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The event emitter the settings choose, for the front and the functions alike. */
public final class Emitters {
    private Emitters() {}

    /**
     * @param sink the broker ingress ({@code K_SINK}) for the HTTP adapter
     * @param credential what this part presents to the broker, asked for each event
     * @param signatures the platform's signer: every event is signed
     */
    public static EventEmitter chosen(
            AdapterSettings settings,
            URI sink,
            Supplier<String> credential,
            EventSignatures signatures) {
        return switch (settings.events()) {
            case HTTP -> new HttpEventEmitter(sink, credential, signatures);
            case KAFKA -> kafka(settings.kafka(), signatures);
        };
    }

    /**
     * What a part presents to the broker: on a cluster with Knative's sender identity, the OIDC
     * token a SinkBinding mounts ({@code knobs.events.credential-file}, read for each event: it is
     * refreshed); otherwise the part's own credential.
     */
    public static Supplier<String> credential(Optional<Path> file, String partCredential) {
        return () -> {
            if (file.isPresent() && Files.isReadable(file.get())) {
                try {
                    return Files.readString(file.get()).strip();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file.get(), e);
                }
            }
            return partCredential;
        };
    }

    private static EventEmitter kafka(AdapterSettings.Kafka kafka, EventSignatures signatures) {
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
                Map.of(),
                signatures);
    }

    /** Releases what an emitter holds (a Kafka producer's connections). */
    public static void close(EventEmitter emitter) {
        if (emitter instanceof KafkaEventEmitter kafka) {
            kafka.close();
        }
    }
}
