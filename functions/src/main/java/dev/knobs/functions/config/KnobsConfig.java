package dev.knobs.functions.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The functions' configuration (prefix {@code knobs}). */
@ConfigMapping(prefix = "knobs")
public interface KnobsConfig {
    /**
     * Where events are published: the broker ingress ({@code K_SINK}, set by a SinkBinding on a
     * cluster).
     */
    URI sink();

    /** Folder for the platform's local state: trial logs and work directories. */
    Path dataDir();

    /** The artifact API that trials download datasets from and upload models to. */
    Artifacts artifacts();

    Trial trial();

    Serving serving();

    interface Artifacts {
        /** Base URL of the artifact API, e.g. {@code http://localhost:8080/api/artifacts}. */
        URI baseUrl();

        /** Bearer token that trials and model servers present to the artifact API. */
        String token();
    }

    interface Trial {
        /** Which trial launcher runs trials: {@code local} (child processes). */
        @WithDefault("local")
        String launcher();

        /**
         * Folder holding the trainer ({@code knobs-trainer.jar} and {@code lib/}) for local trials.
         */
        Path trainerHome();

        /** Extra JVM options for local built-in trials. */
        @WithDefault("-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto")
        String jvmOptions();
    }

    interface Serving {
        /** Which model publisher serves winners: {@code local} (the embedded gateway). */
        @WithDefault("local")
        String publisher();

        Local local();

        interface Local {
            /** Host name in published URLs and the gateway's bind address. */
            @WithDefault("localhost")
            String host();

            /** The gateway's port; every local model is served under {@code /models/<name>/}. */
            @WithDefault("8092")
            int port();

            /**
             * A model server idle this long is stopped (scale to zero); the next request starts it.
             */
            @WithDefault("PT5M")
            Duration idleTimeout();

            /** How long a cold start may take before the request fails with 503. */
            @WithDefault("PT120S")
            Duration startTimeout();
        }
    }
}
