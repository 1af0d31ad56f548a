package dev.knobs.web;

import com.sun.net.httpserver.HttpServer;
import dev.knobs.domain.db.EmbeddedDatabase;
import dev.knobs.eventing.EventCodec;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The front's surroundings in API tests: a real embedded PostgreSQL, and a recorder in the broker's
 * place that keeps every event the front publishes. (The end-to-end suite, {@code
 * EmbeddedPlatformIT}, runs the real broker and functions.)
 */
public class FrontResource implements QuarkusTestResourceLifecycleManager {
    public static final ConcurrentLinkedQueue<CloudEvent> PUBLISHED = new ConcurrentLinkedQueue<>();
    public static final String TOKEN = "test-artifact-token";

    private EmbeddedDatabase db;
    private HttpServer broker;

    @Override
    public Map<String, String> start() {
        try {
            db = EmbeddedDatabase.start(null);
            broker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            broker.createContext(
                    "/",
                    ex -> {
                        try (ex) {
                            PUBLISHED.add(
                                    EventCodec.readHttp(
                                            ex.getRequestHeaders(),
                                            ex.getRequestBody().readAllBytes()));
                            ex.sendResponseHeaders(202, -1);
                        }
                    });
            broker.start();
            return Map.of(
                    "quarkus.datasource.reactive.url",
                    db.reactiveUrl(),
                    "quarkus.datasource.username",
                    EmbeddedDatabase.USER,
                    "quarkus.datasource.password",
                    EmbeddedDatabase.PASSWORD,
                    "knobs.mode",
                    "cluster",
                    "knobs.sink",
                    "http://127.0.0.1:" + broker.getAddress().getPort() + "/",
                    "knobs.data-dir",
                    Files.createTempDirectory("knobs-web-test").toString(),
                    "knobs.artifacts.token",
                    TOKEN,
                    "knobs.accounts.admin-password",
                    Logins.ADMIN_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.stop(0);
        }
        if (db != null) {
            db.close();
        }
    }
}
