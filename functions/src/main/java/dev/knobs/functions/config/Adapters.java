package dev.knobs.functions.config;

import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.functions.serving.ModelPublisher;
import dev.knobs.functions.serving.local.LocalModelPublisher;
import dev.knobs.functions.serving.local.ModelGateway;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.TrialReporter;
import dev.knobs.functions.trial.local.ProcessTrialLauncher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The one place where the ports get their adapters, chosen by configuration ({@code
 * knobs.trial.launcher}, {@code knobs.serving.publisher}).
 */
@ApplicationScoped
public class Adapters {

    @Produces
    @Singleton
    TrialLauncher trialLauncher(KnobsConfig config, TrialReporter reporter) {
        return switch (config.trial().launcher()) {
            case "local" -> new ProcessTrialLauncher(config, reporter);
            default ->
                    throw new IllegalStateException(
                            "knobs.trial.launcher must be local, not " + config.trial().launcher());
        };
    }

    void stopTrials(@Disposes TrialLauncher launcher) {
        if (launcher instanceof ProcessTrialLauncher local) {
            local.stopAll();
        }
    }

    @Produces
    @Singleton
    ModelPublisher modelPublisher(KnobsConfig config) {
        if (!"local".equals(config.serving().publisher())) {
            throw new IllegalStateException(
                    "knobs.serving.publisher must be local, not " + config.serving().publisher());
        }
        KnobsConfig.Serving.Local local = config.serving().local();
        try {
            return new LocalModelPublisher(
                    new ModelGateway(
                                    local.host(),
                                    config.trial().trainerHome(),
                                    config.artifacts().token(),
                                    local.idleTimeout(),
                                    local.startTimeout())
                            .start(local.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the model gateway on port " + local.port(), e);
        }
    }

    void stopGateway(@Disposes ModelPublisher publisher) {
        if (publisher instanceof LocalModelPublisher local) {
            local.gateway().close();
        }
    }

    /**
     * Starts the adapters with the application and serves again every model published before a
     * restart.
     */
    void start(@Observes StartupEvent event, ModelPublisher publisher, TrialLauncher launcher)
            throws Throwable {
        List<PublishedModel> models =
                VertxContextSupport.subscribeAndAwait(
                        () -> Panache.withSession(() -> PublishedModel.<PublishedModel>listAll()));
        for (PublishedModel m : models) {
            publisher.publish(m.name, m.revision, new ModelRef(m.artifactUrl, m.format));
        }
    }
}
