package dev.knobs.web.embedded;

import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.domain.wiring.SandboxSupport;
import dev.knobs.eventing.broker.EmbeddedBroker;
import dev.knobs.eventing.broker.TriggerManifests;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.PlatformKey;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.metrics.WebMeters;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The rest of the embedded default, started with the web front once its schema is in place: the
 * embedded broker (routing by the shipped Trigger manifests, taking events from the platform's own
 * parts only) and the functions as a watched child process ({@link FunctionsProcess}) sharing the
 * database and the data folder. Both listen on loopback. Stopped with the front.
 */
@ApplicationScoped
public class EmbeddedPlatform {
    private static final Logger LOG = Logger.getLogger(EmbeddedPlatform.class);

    @Inject WebConfig config;
    @Inject AdapterSettings adapters;
    @Inject PlatformKey key;
    @Inject WebMeters meters;
    @Inject Credentials credentials;

    @ConfigProperty(name = "quarkus.http.port")
    int webPort;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String dbUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    private EmbeddedBroker broker;
    private FunctionsProcess functions;

    /** Whether the functions run and are ready (always true off the embedded default). */
    public boolean functionsReady() {
        return functions == null || functions.ready();
    }

    void start(@Observes StartupEvent event) throws IOException, InterruptedException {
        if (adapters.mode() != AdapterSettings.Mode.EMBEDDED) {
            return;
        }
        // whether users' own code can be sandboxed here: tried now, not on a request's event loop
        LOG.infof(
                "custom trainers: %s",
                SandboxSupport.available()
                        ? "in a sandbox (bubblewrap), for every user"
                        : SandboxSupport.MISSING + "; administrators only");
        WebConfig.Embedded embedded = config.embedded();
        String host = embedded.bind();
        URI functionsUrl = URI.create("http://127.0.0.1:" + embedded.functionsPort() + "/");
        URI webUrl = URI.create("http://127.0.0.1:" + webPort + "/");
        Map<String, URI> services = Map.of("knobs-functions", functionsUrl, "knobs-web", webUrl);
        broker =
                new EmbeddedBroker(
                                TriggerManifests.fromClasspath(),
                                services::get,
                                config.dataDir().resolve("broker"),
                                Duration.ofMinutes(2),
                                gate())
                        .start(host, embedded.brokerPort())
                        .observe(meters);
        functions =
                new FunctionsProcess(
                        command(),
                        environment(webUrl),
                        config.dataDir(),
                        functionsUrl.resolve("/q/health/ready"),
                        embedded.functionsRestartDelay(),
                        embedded.functionsMaxRestartDelay(),
                        broker::nudge);
        functions.start(embedded.functionsStartTimeout());
        LOG.infof("Knobs is up: open %s", config.publicUrl());
    }

    /** The broker takes events from the front and the functions, and presents its own. */
    private EmbeddedBroker.Gate gate() {
        return EmbeddedBroker.Gate.forParts(credentials);
    }

    private List<String> command() {
        Path jar = config.embedded().functionsJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "the functions are not built: "
                            + jar
                            + " is missing (run ./mvnw package -DskipTests)");
        }
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xmx512m",
                "-jar",
                jar.toString());
    }

    /** What a cluster gives the functions, here: the same variables. */
    private Map<String, String> environment(URI webUrl) {
        WebConfig.Embedded embedded = config.embedded();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", String.valueOf(embedded.functionsPort()));
        env.put("KNOBS_LISTEN_HOST", embedded.bind());
        env.put("KNOBS_DB_URL", dbUrl);
        env.put("KNOBS_DB_USER", dbUser);
        env.put("KNOBS_DB_PASSWORD", dbPassword);
        env.put("K_SINK", "http://127.0.0.1:" + embedded.brokerPort() + "/");
        env.put("KNOBS_DATA_DIR", config.dataDir().toString());
        env.put("KNOBS_ARTIFACTS_URL", config.publicUrl().resolve("/api/artifacts").toString());
        env.put("KNOBS_TRIAL_SINK", webUrl.resolve("/api/trial-events").toString());
        env.put("KNOBS_TRUST_PLATFORM_KEY", key.encoded());
        env.put("KNOBS_TRAINER_HOME", embedded.trainerHome().toString());
        env.put("KNOBS_GATEWAY_PORT", String.valueOf(embedded.gatewayPort()));
        env.put("KNOBS_MODEL_IDLE_TIMEOUT", embedded.modelIdleTimeout().toString());
        env.put("KNOBS_METRICS_PORT", String.valueOf(embedded.functionsMetricsPort()));
        return env;
    }

    void stop(@Observes ShutdownEvent event) {
        if (functions != null) {
            functions.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
