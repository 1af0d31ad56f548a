package dev.knobs.functions.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
        /**
         * Which trial launcher runs trials: {@code local} (child processes) or {@code kubernetes}
         * (Jobs).
         */
        @WithDefault("local")
        String launcher();

        /**
         * Folder holding the trainer ({@code knobs-trainer.jar} and {@code lib/}) for local trials.
         */
        Path trainerHome();

        /** Extra JVM options for local built-in trials. */
        @WithDefault("-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto")
        String jvmOptions();

        Kubernetes kubernetes();

        /** Trials as {@code batch/v1} Jobs ({@code knobs.trial.launcher=kubernetes}). */
        interface Kubernetes {
            /** The trainer image that runs built-in trials (kustomize {@code images:} sets it). */
            @WithDefault("knobs-trainer")
            String image();

            /** Namespace of trial Jobs; the client's namespace when unset. */
            Optional<String> namespace();

            /** Finished Jobs are deleted this long after they end. */
            @WithDefault("3600")
            int ttlSecondsAfterFinished();

            /** Secret (key {@code token}) with the artifact API token that trials present. */
            @WithDefault("knobs-artifacts")
            String artifactSecret();
        }
    }

    interface Serving {
        /**
         * Which model publisher serves winners: {@code local} (the embedded gateway) or {@code
         * knative}.
         */
        @WithDefault("local")
        String publisher();

        Local local();

        Knative knative();

        /** Models as Knative Services ({@code knobs.serving.publisher=knative}). */
        interface Knative {
            /** The image that serves models ({@code serve} of the trainer image). */
            @WithDefault("knobs-trainer")
            String image();

            /** Namespace of model Services; the client's namespace when unset. */
            Optional<String> namespace();

            @WithDefault("0")
            int minScale();

            @WithDefault("5")
            int maxScale();

            /** Target concurrent requests per model server. */
            @WithDefault("20")
            int target();

            /** How long a new revision may take to become ready before publishing fails. */
            @WithDefault("PT5M")
            Duration readyTimeout();

            /**
             * Secret (key {@code token}) with the artifact API token that model servers present.
             */
            @WithDefault("knobs-artifacts")
            String artifactSecret();
        }

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
