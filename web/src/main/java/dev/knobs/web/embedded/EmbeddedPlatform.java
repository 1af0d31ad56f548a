package dev.knobs.web.embedded;

import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.eventing.broker.EmbeddedBroker;
import dev.knobs.eventing.broker.TriggerManifests;
import dev.knobs.web.config.WebConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The rest of the embedded default, started with the web front once its schema is in place: the
 * embedded broker (routing by the shipped Trigger manifests) and the functions as a child process
 * sharing the database, the artifact token and the data folder. Stopped with the front.
 */
@ApplicationScoped
public class EmbeddedPlatform {
    private static final Logger LOG = Logger.getLogger(EmbeddedPlatform.class);

    @Inject WebConfig config;
    @Inject AdapterSettings adapters;
    @Inject ArtifactToken token;

    @ConfigProperty(name = "quarkus.http.port")
    int webPort;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String dbUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    private EmbeddedBroker broker;
    private Process functions;

    void start(@Observes StartupEvent event) throws IOException, InterruptedException {
        if (adapters.mode() != AdapterSettings.Mode.EMBEDDED) {
            return;
        }
        URI functionsUrl =
                URI.create("http://localhost:" + config.embedded().functionsPort() + "/");
        URI webUrl = URI.create("http://localhost:" + webPort + "/");
        Map<String, URI> services = Map.of("knobs-functions", functionsUrl, "knobs-web", webUrl);
        broker =
                new EmbeddedBroker(
                                TriggerManifests.fromClasspath(),
                                services::get,
                                config.dataDir().resolve("broker"),
                                Duration.ofMinutes(2))
                        .start("127.0.0.1", config.embedded().brokerPort());
        functions = startFunctions();
        awaitReady(functionsUrl.resolve("/q/health/ready"));
        LOG.infof("Knobs is up: open %s", config.publicUrl());
    }

    private Process startFunctions() throws IOException {
        Path jar = config.embedded().functionsJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "the functions are not built: "
                            + jar
                            + " is missing (run ./mvnw package -DskipTests)");
        }
        Path logs = config.dataDir().resolve("logs");
        Files.createDirectories(logs);
        ProcessBuilder builder =
                new ProcessBuilder(
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "java")
                                                .toString(),
                                        "-XX:+UseSerialGC",
                                        "-Xmx512m",
                                        "-jar",
                                        jar.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        logs.resolve("functions.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("PORT", String.valueOf(config.embedded().functionsPort()));
        env.put("KNOBS_DB_URL", dbUrl);
        env.put("KNOBS_DB_USER", dbUser);
        env.put("KNOBS_DB_PASSWORD", dbPassword);
        env.put("K_SINK", "http://127.0.0.1:" + config.embedded().brokerPort() + "/");
        env.put("KNOBS_DATA_DIR", config.dataDir().toString());
        env.put("KNOBS_ARTIFACTS_URL", config.publicUrl().resolve("/api/artifacts").toString());
        env.put("KNOBS_ARTIFACT_TOKEN", token.value());
        env.put("KNOBS_TRAINER_HOME", config.embedded().trainerHome().toString());
        env.put("KNOBS_GATEWAY_PORT", String.valueOf(config.embedded().gatewayPort()));
        env.put("KNOBS_MODEL_IDLE_TIMEOUT", config.embedded().modelIdleTimeout().toString());
        LOG.infof(
                "starting the functions on port %d (log: %s)",
                config.embedded().functionsPort(), logs.resolve("functions.log"));
        return builder.start();
    }

    private void awaitReady(URI health) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(config.embedded().functionsStartTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!functions.isAlive()) {
                throw new IllegalStateException(
                        "the functions exited with status "
                                + functions.exitValue()
                                + "; see "
                                + config.dataDir().resolve("logs/functions.log"));
            }
            try {
                if (client.send(
                                        HttpRequest.newBuilder(health).build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "the functions did not become ready within "
                        + config.embedded().functionsStartTimeout());
    }

    void stop(@Observes ShutdownEvent event) {
        if (functions != null) {
            functions.destroy();
            try {
                functions.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            functions.destroyForcibly();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
