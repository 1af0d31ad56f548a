package dev.knobs.functions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.knobs.domain.db.EmbeddedDatabase;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.broker.EmbeddedBroker;
import dev.knobs.eventing.broker.TriggerManifests;
import dev.knobs.eventing.emit.EmitException;
import dev.knobs.eventing.emit.HttpEventEmitter;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.eventing.trust.PlatformKey;
import dev.knobs.eventing.trust.TrialReports;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the functions run against in tests, all real: an embedded PostgreSQL, the embedded broker
 * routing by the shipped Trigger manifests to this application (and to a recorder standing in for
 * the web front) — with every Trigger doubled, so every event arrives twice — behind the platform's
 * gate, and an artifact folder reached through file: URLs. Trials report to a stand-in for the
 * front's trial ingress, which checks their credentials by the same rules ({@link TrialReports})
 * and passes their reports on signed.
 */
public class PlatformResource implements QuarkusTestResourceLifecycleManager {
    public static final int APP_PORT = 8181;

    /** The platform's key in these tests: events signed with it are the platform's. */
    public static final String KEY = "a25vYnMtZnVuY3Rpb25zLXRlc3Qta2V5LTMyLWJ5dGVzIQ==";

    public static final PlatformKey PLATFORM_KEY = PlatformKey.of(KEY);
    public static final Credentials CREDENTIALS = new Credentials(PLATFORM_KEY);
    public static final EventSignatures SIGNATURES = new EventSignatures(PLATFORM_KEY);
    public static final ConcurrentLinkedQueue<CloudEvent> TO_WEB = new ConcurrentLinkedQueue<>();
    public static Path artifacts;
    public static Path root;
    public static EmbeddedBroker broker;

    private EmbeddedDatabase db;
    private HttpServer web;
    private HttpServer trialIngress;

    /** Extra settings of a profile, over the ones every test runs with. */
    protected Map<String, String> more() {
        return Map.of();
    }

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("knobs-functions-test");
            artifacts = root.resolve("artifacts");
            Files.createDirectories(artifacts.resolve("models"));
            db = EmbeddedDatabase.start(root.resolve("db"));
            web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            web.createContext("/", PlatformResource::recordForWeb);
            web.start();
            URI webUri = URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/");
            URI functions = URI.create("http://localhost:" + APP_PORT + "/");
            broker =
                    new EmbeddedBroker(
                                    TriggerManifests.fromClasspath(),
                                    svc -> svc.equals("knobs-web") ? webUri : functions,
                                    root.resolve("broker"),
                                    Duration.ofSeconds(30),
                                    EmbeddedBroker.Gate.forParts(CREDENTIALS))
                            .start("127.0.0.1", 0);
            HttpEventEmitter front =
                    new HttpEventEmitter(
                            broker.uri(), () -> CREDENTIALS.part(Credentials.Part.WEB), SIGNATURES);
            trialIngress = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            trialIngress.createContext("/", ex -> passTrialReport(ex, front));
            trialIngress.start();
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
            config.put("quarkus.datasource.username", EmbeddedDatabase.USER);
            config.put("quarkus.datasource.password", db.password());
            config.put("quarkus.http.test-port", String.valueOf(APP_PORT));
            config.put("knobs.sink", broker.uri().toString());
            config.put(
                    "knobs.trial.sink",
                    "http://127.0.0.1:" + trialIngress.getAddress().getPort() + "/");
            config.put("knobs.trust.platform-key", KEY);
            config.put("knobs.data-dir", root.toString());
            config.put(
                    "knobs.artifacts.base-url", artifacts.toUri().toString().replaceAll("/$", ""));
            config.put(
                    "knobs.trial.trainer-home",
                    Path.of("..", "trainer-image", "target", "trainer")
                            .toAbsolutePath()
                            .normalize()
                            .toString());
            config.put("knobs.serving.gateway.port", "0");
            config.putAll(more());
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void recordForWeb(HttpExchange ex) throws IOException {
        try (ex) {
            TO_WEB.add(
                    EventCodec.readHttp(
                            ex.getRequestHeaders(), ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(202, -1);
        }
    }

    /** The front's trial ingress, in short: the trial's own credential, its own reports only. */
    private static void passTrialReport(HttpExchange ex, HttpEventEmitter front)
            throws IOException {
        try (ex) {
            Optional<Credentials.TrialClaim> claim =
                    CREDENTIALS.trialOf(
                            Credentials.bearer(ex.getRequestHeaders().getFirst("Authorization")),
                            Instant.now());
            if (claim.isEmpty()) {
                ex.sendResponseHeaders(403, -1);
                return;
            }
            KnobsEvent<?> event;
            try {
                event =
                        EventCodec.fromCloudEvent(
                                EventCodec.readHttp(
                                        ex.getRequestHeaders(),
                                        ex.getRequestBody().readAllBytes()));
            } catch (EventDecodingException e) {
                ex.sendResponseHeaders(400, -1);
                return;
            }
            String modelUrl = artifacts.toUri() + "models/" + claim.get().trialId();
            if (TrialReports.refusal(event, claim.get(), modelUrl) != null) {
                ex.sendResponseHeaders(403, -1);
                return;
            }
            try {
                front.emit(TrialReports.forAttempt(event, claim.get(), event.subject()));
                ex.sendResponseHeaders(202, -1);
            } catch (EmitException e) {
                ex.sendResponseHeaders(503, -1);
            }
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        for (HttpServer server : new HttpServer[] {web, trialIngress}) {
            if (server != null) {
                server.stop(0);
            }
        }
        if (db != null) {
            db.close();
        }
        deleteTree(root);
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
