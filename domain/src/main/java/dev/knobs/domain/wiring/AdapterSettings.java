package dev.knobs.domain.wiring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The one vocabulary for choosing adapters, the same in every deployable and in the README: a
 * {@link Mode}, which picks an adapter for every port, and per-port overrides ({@code
 * knobs.adapters.events}, {@code .trials}, {@code .models}). Each deployable wires its ports from
 * these settings in one class at the top of its packages ({@code Wiring}).
 */
@ConfigMapping(prefix = "knobs")
public interface AdapterSettings {

    /** Where Knobs runs: {@code embedded} (one machine, the default) or {@code cluster}. */
    enum Mode {
        EMBEDDED,
        CLUSTER
    }

    /** How events reach the broker: {@code http} (CloudEvents binary mode) or {@code kafka}. */
    enum Events {
        HTTP,
        KAFKA
    }

    /** What runs a trial: a child {@code process} or a Kubernetes {@code job}. */
    enum Trials {
        PROCESS,
        JOB
    }

    /** What serves a model: the embedded {@code gateway} or a {@code knative} Service. */
    enum Models {
        GATEWAY,
        KNATIVE
    }

    /**
     * {@code embedded} (one machine: the front also runs the database, broker, functions) or {@code
     * cluster}.
     */
    @WithDefault("embedded")
    Mode mode();

    Overrides adapters();

    Kafka kafka();

    /** One port's adapter other than the mode's. */
    interface Overrides {
        /** {@code http} or {@code kafka}; {@code http} in both modes unless set. */
        Optional<Events> events();

        /** {@code process} or {@code job}; the mode's unless set. */
        Optional<Trials> trials();

        /** {@code gateway} or {@code knative}; the mode's unless set. */
        Optional<Models> models();
    }

    /** The Kafka topic events go to with {@code knobs.adapters.events=kafka}. */
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

    default Events events() {
        return adapters().events().orElse(Events.HTTP);
    }

    default Trials trials() {
        return adapters().trials().orElse(mode() == Mode.EMBEDDED ? Trials.PROCESS : Trials.JOB);
    }

    default Models models() {
        return adapters()
                .models()
                .orElse(mode() == Mode.EMBEDDED ? Models.GATEWAY : Models.KNATIVE);
    }
}
