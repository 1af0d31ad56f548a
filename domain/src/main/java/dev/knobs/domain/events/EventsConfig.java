package dev.knobs.domain.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How the front and the functions publish events (prefix {@code knobs.events}). */
@ConfigMapping(prefix = "knobs.events")
public interface EventsConfig {
    /**
     * {@code http}: CloudEvents binary mode to the broker at {@code knobs.sink}; {@code kafka}: to
     * a Kafka topic.
     */
    @WithDefault("http")
    String publisher();

    Kafka kafka();

    interface Kafka {
        /** The Kafka cluster, e.g. {@code my-cluster-kafka-bootstrap.kafka:9092}. */
        Optional<String> bootstrapServers();

        /** The topic the broker is fed from. */
        @WithDefault("knobs-events")
        String topic();

        /** {@code BINARY} ({@code ce_*} headers) or {@code STRUCTURED}. */
        @WithDefault("BINARY")
        String encoding();
    }
}
