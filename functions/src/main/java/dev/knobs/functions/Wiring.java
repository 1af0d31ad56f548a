package dev.knobs.functions;

import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.domain.wiring.TrialCapacity;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.metrics.FunctionsMeters;
import dev.knobs.functions.serving.ModelDeployer;
import dev.knobs.functions.serving.ModelEndpoints;
import dev.knobs.functions.serving.Models;
import dev.knobs.functions.serving.gateway.GatewayMetrics;
import dev.knobs.functions.serving.gateway.GatewayModelDeployer;
import dev.knobs.functions.serving.gateway.ModelGateway;
import dev.knobs.functions.serving.knative.KnativeModelDeployer;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.TrialReporter;
import dev.knobs.functions.trial.job.JobTrialLauncher;
import dev.knobs.functions.trial.job.TrialJobWatcher;
import dev.knobs.functions.trial.process.ProcessTrialLauncher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The one place where the functions' ports get their adapters, by {@link AdapterSettings}: the mode
 * ({@code embedded} or {@code cluster}) and the overrides {@code knobs.adapters.events} ({@code
 * http}, {@code kafka}), {@code .trials} ({@code process}, {@code job}) and {@code .models} ({@code
 * gateway}, {@code knative}). The Kubernetes client is only created when a cluster adapter asks for
 * it.
 */
@ApplicationScoped
public class Wiring {

    /** Events go to the broker signed, with the functions' own credential (or Knative's OIDC). */
    @Produces
    @Singleton
    TrialLauncher trialLauncher(
            AdapterSettings adapters,
            KnobsConfig config,
            TrialCapacity capacity,
            TrialReporter reporter,
            Credentials credentials,
            Instance<KubernetesClient> kubernetes,
            Instance<TrialJobWatcher> jobs) {
        return switch (adapters.trials()) {
            case PROCESS -> new ProcessTrialLauncher(config, capacity, reporter, credentials);
            case JOB -> new JobTrialLauncher(kubernetes.get(), config, credentials, jobs.get());
        };
    }

    void stopTrials(@Disposes TrialLauncher launcher) {
        if (launcher instanceof ProcessTrialLauncher process) {
            process.stopAll();
        }
    }

    @Produces
    @Singleton
    TrialJobWatcher trialJobWatcher(
            Credentials credentials, Instance<KubernetesClient> kubernetes) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String functions = credentials.part(Credentials.Part.FUNCTIONS);
        return new TrialJobWatcher(kubernetes.get(), url -> exists(http, url, functions));
    }

    /** Whether the artifact API holds a file at {@code url}. */
    private static boolean exists(HttpClient http, String url, String credential) {
        HttpRequest head =
                HttpRequest.newBuilder(URI.create(url))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer " + credential)
                        .timeout(Duration.ofSeconds(10))
                        .build();
        try {
            return http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Produces
    @Singleton
    ModelDeployer modelDeployer(
            AdapterSettings adapters,
            KnobsConfig config,
            Credentials credentials,
            Vertx vertx,
            Instance<KubernetesClient> kubernetes,
            FunctionsMeters meters) {
        return switch (adapters.models()) {
            case GATEWAY -> gateway(config, credentials, vertx, meters);
            case KNATIVE ->
                    new KnativeModelDeployer(
                            kubernetes.get(), config.serving().knative(), credentials);
        };
    }

    private static ModelDeployer gateway(
            KnobsConfig config, Credentials credentials, Vertx vertx, GatewayMetrics meters) {
        KnobsConfig.Serving.Gateway gateway = config.serving().gateway();
        try {
            return new GatewayModelDeployer(
                    new ModelGateway(
                                    vertx,
                                    gateway.bind(),
                                    gateway.host(),
                                    config.trial().trainerHome(),
                                    credentials,
                                    gateway.idleTimeout(),
                                    gateway.startTimeout(),
                                    config.dataDir().resolve("cache"),
                                    meters)
                            .start(gateway.port()));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot start the model gateway on port " + gateway.port() + ": " + e, e);
        }
    }

    void stopGateway(@Disposes ModelDeployer deployer) {
        if (deployer instanceof GatewayModelDeployer gateway) {
            gateway.gateway().close();
        }
    }

    /**
     * Starts the adapters with the application; the embedded gateway serves again every model
     * published before a restart (Knative Services outlive this process by themselves).
     */
    void start(
            @Observes StartupEvent event,
            ModelDeployer deployer,
            TrialLauncher launcher,
            Models models,
            ModelEndpoints endpoints)
            throws Exception {
        if (!(deployer instanceof GatewayModelDeployer)) {
            return;
        }
        List<String> names =
                QuarkusTransaction.requiringNew()
                        .call(() -> models.listAll().stream().map(m -> m.name).toList());
        for (String name : names) {
            endpoints.reconcile(name);
        }
    }
}
