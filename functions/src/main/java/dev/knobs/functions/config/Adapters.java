package dev.knobs.functions.config;

import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.functions.serving.ModelPublisher;
import dev.knobs.functions.serving.knative.KnativeModelPublisher;
import dev.knobs.functions.serving.local.LocalModelPublisher;
import dev.knobs.functions.serving.local.ModelGateway;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.TrialReporter;
import dev.knobs.functions.trial.kubernetes.JobTrialLauncher;
import dev.knobs.functions.trial.kubernetes.TrialJobWatcher;
import dev.knobs.functions.trial.local.ProcessTrialLauncher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The one place where the ports get their adapters, chosen by configuration: {@code
 * knobs.trial.launcher} ({@code local} child processes or {@code kubernetes} Jobs) and {@code
 * knobs.serving.publisher} ({@code local} gateway or {@code knative} Services). The Kubernetes
 * client is only created when a cluster adapter asks for it.
 */
@ApplicationScoped
public class Adapters {

    @Produces
    @Singleton
    TrialLauncher trialLauncher(
            KnobsConfig config, TrialReporter reporter, Instance<KubernetesClient> kubernetes) {
        return switch (config.trial().launcher()) {
            case "local" -> new ProcessTrialLauncher(config, reporter);
            case "kubernetes" -> new JobTrialLauncher(kubernetes.get(), config);
            default ->
                    throw new IllegalStateException(
                            "knobs.trial.launcher must be local or kubernetes, not "
                                    + config.trial().launcher());
        };
    }

    void stopTrials(@Disposes TrialLauncher launcher) {
        if (launcher instanceof ProcessTrialLauncher local) {
            local.stopAll();
        }
    }

    @Produces
    @Singleton
    TrialJobWatcher trialJobWatcher(KnobsConfig config, Instance<KubernetesClient> kubernetes) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new TrialJobWatcher(
                kubernetes.get(),
                url -> {
                    try {
                        HttpRequest head =
                                HttpRequest.newBuilder(URI.create(url))
                                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                        .header(
                                                "Authorization",
                                                "Bearer " + config.artifacts().token())
                                        .timeout(Duration.ofSeconds(10))
                                        .build();
                        return http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
    }

    @Produces
    @Singleton
    ModelPublisher modelPublisher(KnobsConfig config, Instance<KubernetesClient> kubernetes) {
        return switch (config.serving().publisher()) {
            case "local" -> localPublisher(config);
            case "knative" ->
                    new KnativeModelPublisher(kubernetes.get(), config.serving().knative());
            default ->
                    throw new IllegalStateException(
                            "knobs.serving.publisher must be local or knative, not "
                                    + config.serving().publisher());
        };
    }

    private static ModelPublisher localPublisher(KnobsConfig config) {
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
     * Starts the adapters with the application; the local gateway serves again every model
     * published before a restart (Knative Services outlive this process by themselves).
     */
    void start(@Observes StartupEvent event, ModelPublisher publisher, TrialLauncher launcher)
            throws Throwable {
        if (!(publisher instanceof LocalModelPublisher)) {
            return;
        }
        List<PublishedModel> models =
                VertxContextSupport.subscribeAndAwait(
                        () -> Panache.withSession(() -> PublishedModel.<PublishedModel>listAll()));
        for (PublishedModel m : models) {
            publisher.publish(
                    m.name, m.revision, new ModelRef(m.artifactUrl, m.format), m.tokenSha256);
        }
    }
}
