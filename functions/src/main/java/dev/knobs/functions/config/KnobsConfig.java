package dev.knobs.functions.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The functions' configuration (prefix {@code knobs}); which adapters run is {@link
 * dev.knobs.domain.wiring.AdapterSettings}.
 */
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
    }

    interface Trial {
        /**
         * Where trials send their events: the front's ingress for trials, which checks each trial's
         * credential ({@code /api/trial-events}).
         */
        URI sink();

        /**
         * Folder holding the trainer ({@code knobs-trainer.jar} and {@code lib/}) for local trials.
         */
        Path trainerHome();

        /** Extra JVM options for local built-in trials. */
        @WithDefault("-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto")
        String jvmOptions();

        /** The sandbox of custom trainers on one machine (docs/adr/0020). */
        Sandbox sandbox();

        interface Sandbox {
            /** The most a trial may print, in MiB: past it the trial is stopped and fails. */
            @WithDefault("64")
            int outputMb();

            /** The most its working directory may hold, in MiB. */
            @WithDefault("1024")
            int diskMb();

            /** The largest file it may write, in MiB (its output too). */
            @WithDefault("512")
            int fileMb();

            /** The most processes (and threads) it may run at once. */
            @WithDefault("256")
            int processes();
        }

        Job job();

        /** Trials as {@code batch/v1} Jobs ({@code knobs.adapters.trials=job}). */
        interface Job {
            /** The trainer image that runs built-in trials (kustomize {@code images:} sets it). */
            @WithDefault("knobs-trainer")
            String image();

            /** Namespace of trial Jobs; the client's namespace when unset. */
            Optional<String> namespace();

            /** Finished Jobs are deleted this long after they end. */
            @WithDefault("3600")
            int ttlSecondsAfterFinished();
        }
    }

    interface Serving {
        Gateway gateway();

        Knative knative();

        /** Models as Knative Services ({@code knobs.adapters.models=knative}). */
        interface Knative {
            /** The image that serves models ({@code serve} of the trainer image). */
            @WithDefault("knobs-trainer")
            String image();

            /** Namespace of model Services; the client's namespace when unset. */
            Optional<String> namespace();

            // how each model scales is its owner's setting (PUT /api/models/{name}/scaling)

            /** How long a new revision may take to become ready before publishing fails. */
            @WithDefault("PT5M")
            Duration readyTimeout();
        }

        /** Models behind the embedded gateway ({@code knobs.adapters.models=gateway}). */
        interface Gateway {
            /**
             * The address the gateway listens on: loopback, so that only this machine reaches the
             * models; {@code 0.0.0.0} to serve them to the network.
             */
            @WithDefault("127.0.0.1")
            String bind();

            /** Host name in published URLs. */
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
