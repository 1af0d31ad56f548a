package dev.knobs.functions;

import com.sun.net.httpserver.HttpServer;
import dev.knobs.domain.db.EmbeddedDatabase;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.broker.EmbeddedBroker;
import dev.knobs.eventing.broker.TriggerManifests;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the functions run against in tests, all real: an embedded PostgreSQL, the embedded broker
 * routing by the shipped Trigger manifests to this application (and to a recorder standing in for
 * the web front) — with every Trigger doubled, so every event arrives twice — and an artifact
 * folder reached through file: URLs.
 */
public class PlatformResource implements QuarkusTestResourceLifecycleManager {
    public static final int APP_PORT = 8181;
    public static final ConcurrentLinkedQueue<CloudEvent> TO_WEB = new ConcurrentLinkedQueue<>();
    public static Path artifacts;
    public static Path root;
    public static EmbeddedBroker broker;

    private EmbeddedDatabase db;
    private HttpServer web;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("knobs-functions-test");
            artifacts = root.resolve("artifacts");
            Files.createDirectories(artifacts.resolve("models"));
            db = EmbeddedDatabase.start(null);
            web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            web.createContext(
                    "/",
                    ex -> {
                        try (ex) {
                            TO_WEB.add(
                                    EventCodec.readHttp(
                                            ex.getRequestHeaders(),
                                            ex.getRequestBody().readAllBytes()));
                            ex.sendResponseHeaders(202, -1);
                        }
                    });
            web.start();
            URI webUri = URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/");
            URI functions = URI.create("http://localhost:" + APP_PORT + "/");
            broker =
                    new EmbeddedBroker(
                                    TriggerManifests.fromClasspath(),
                                    svc -> svc.equals("knobs-web") ? webUri : functions,
                                    root.resolve("broker"),
                                    Duration.ofSeconds(30))
                            .start("127.0.0.1", 0);
            return Map.of(
                    "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                    "quarkus.datasource.username", EmbeddedDatabase.USER,
                    "quarkus.datasource.password", EmbeddedDatabase.PASSWORD,
                    "quarkus.http.test-port", String.valueOf(APP_PORT),
                    "knobs.sink", broker.uri().toString(),
                    "knobs.data-dir", root.toString(),
                    "knobs.artifacts.base-url", artifacts.toUri().toString().replaceAll("/$", ""),
                    "knobs.artifacts.token", "test-token",
                    "knobs.trial.trainer-home",
                            Path.of("..", "trainer-image", "target", "trainer")
                                    .toAbsolutePath()
                                    .normalize()
                                    .toString(),
                    "knobs.serving.gateway.port", "0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        if (web != null) {
            web.stop(0);
        }
        if (db != null) {
            db.close();
        }
    }
}
