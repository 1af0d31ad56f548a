package dev.knobs.web;

import com.sun.net.httpserver.HttpServer;
import dev.knobs.domain.db.EmbeddedDatabase;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.eventing.trust.PlatformKey;
import dev.knobs.web.schema.Migrations;
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

    /** The platform's key in these tests. */
    public static final String KEY = "a25vYnMtd2ViLXRlc3Qta2V5LW9mLTMyLWJ5dGVzLi4hIQ==";

    public static final PlatformKey PLATFORM_KEY = PlatformKey.of(KEY);
    public static final Credentials CREDENTIALS = new Credentials(PLATFORM_KEY);
    public static final EventSignatures SIGNATURES = new EventSignatures(PLATFORM_KEY);

    /** What the functions present to the front's artifact API. */
    public static final String FUNCTIONS = CREDENTIALS.part(Credentials.Part.FUNCTIONS);

    /** What the broker presents with each delivery. */
    public static final String BROKER = CREDENTIALS.part(Credentials.Part.BROKER);

    private EmbeddedDatabase db;
    private HttpServer broker;

    @Override
    public Map<String, String> start() {
        try {
            db = EmbeddedDatabase.start(null);
            Migrations.migrate(db.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
            broker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            broker.createContext(
                    "/",
                    ex -> {
                        try (ex) {
                            // as the embedded broker: the front's own credential, or nothing
                            String token =
                                    Credentials.bearer(
                                            ex.getRequestHeaders().getFirst("Authorization"));
                            if (CREDENTIALS
                                    .partOf(token)
                                    .filter(part -> part == Credentials.Part.WEB)
                                    .isEmpty()) {
                                ex.sendResponseHeaders(401, -1);
                                return;
                            }
                            CloudEvent ce =
                                    EventCodec.readHttp(
                                            ex.getRequestHeaders(),
                                            ex.getRequestBody().readAllBytes());
                            if (!SIGNATURES.verify(
                                    EventCodec.fromCloudEvent(ce), EventCodec.signature(ce))) {
                                ex.sendResponseHeaders(400, -1);
                                return;
                            }
                            PUBLISHED.add(ce);
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
                    "knobs.trust.platform-key",
                    KEY,
                    "knobs.mode",
                    "cluster",
                    "knobs.sink",
                    "http://127.0.0.1:" + broker.getAddress().getPort() + "/",
                    "knobs.data-dir",
                    Files.createTempDirectory("knobs-web-test").toString(),
                    "knobs.accounts.admin-password",
                    Logins.ADMIN_PASSWORD,
                    // users' own images only from these (ApiTest)
                    "knobs.trial.images.allowed",
                    "registry.example.com/me,ghcr.io/acme");
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
