package dev.knobs.functions.serving.gateway;

import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.serving.ModelDeployer;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The embedded default's stand-in for Knative Serving's activator and router: one HTTP port in
 * front of every published model ({@code /models/<name>/...}), a streaming reverse proxy on one
 * Vert.x event loop. Each version of a model has its own server process ({@link ServedVersion}),
 * started by the first request (the request waits until the model is loaded, so a cold start
 * answers correctly; many first requests share one start) and stopped after its scale-down delay
 * unless the model keeps a minimum warm. A request for the model goes to its primary version or,
 * for the canary's share of calls, to the canary; {@code /models/<name>/versions/<v>/...} and the
 * V2 path {@code .../v2/models/<name>/versions/<v>/...} reach one version. Every end-to-end header
 * passes both ways; connections to the servers are kept and reused. A restricted model refuses a
 * caller without its token before anything starts.
 */
public final class ModelGateway implements AutoCloseable {
    private final GatewayMetrics metrics;
    private static final Logger LOG = Logger.getLogger(ModelGateway.class);

    /** A model name: its versions and how its traffic and servers are set. */
    private static final class Served {
        volatile ModelDeployer.Serving serving;
        final Map<Integer, ServedVersion> versions = new ConcurrentHashMap<>();

        /** SHA-256 of the credential the platform calls this model with (worked out once). */
        final String callerSha256;

        Served(ModelDeployer.Serving serving, String callerSha256) {
            this.serving = serving;
            this.callerSha256 = callerSha256;
        }
    }

    private final String bindHost;
    private final String urlHost;
    private final Credentials credentials;
    private final Duration idleTimeout;
    private final Duration startTimeout;
    private final ServerCommand command;
    private final Vertx vertx;
    private final boolean ownVertx;
    private final Map<String, Served> models = new ConcurrentHashMap<>();
    private HttpClient control;
    private Path sockets;
    private long reaper = -1;
    private HttpServer server;
    private String deployment;

    /**
     * @param vertx the Vert.x it runs on; null: one of its own
     * @param bindHost the address it listens on (loopback unless set otherwise)
     * @param urlHost the host name in the URLs it hands out
     * @param credentials mints each model server's credential (it reads that model's files only)
     * @param idleTimeout the scale-down delay of a model that sets none
     * @param archiveDir where the model servers' class-data archive is kept (null: none)
     */
    public ModelGateway(
            Vertx vertx,
            String bindHost,
            String urlHost,
            Path trainerHome,
            Credentials credentials,
            Duration idleTimeout,
            Duration startTimeout,
            Path archiveDir,
            GatewayMetrics metrics) {
        this.metrics = metrics;
        this.command = new ServerCommand(trainerHome, credentials, archiveDir, this::requiredToken);
        this.ownVertx = vertx == null;
        this.vertx =
                vertx == null
                        ? Vertx.vertx(
                                new io.vertx.core.VertxOptions().setPreferNativeTransport(true))
                        : vertx;
        this.bindHost = bindHost;
        this.urlHost = urlHost;
        this.credentials = credentials;
        this.idleTimeout = idleTimeout;
        this.startTimeout = startTimeout;
    }

    /**
     * Listens on {@code port} with one server per core, each on its own event loop with its own
     * pool of connections to the model servers.
     */
    public ModelGateway start(int port) throws Exception {
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        sockets = vertx.isNativeTransportEnabled() ? socketFolder() : null;
        control = client(vertx);
        CompletableFuture<HttpServer> listening = new CompletableFuture<>();
        deployment =
                vertx.deployVerticle(
                                () -> new Loop(port, listening),
                                new DeploymentOptions().setInstances(loops))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
        server = listening.get();
        // often enough for a model's own short scale-down delay
        long period = Math.min(500, Math.max(100, idleTimeout.toMillis() / 4));
        reaper = vertx.setPeriodic(period, id -> scaleIdleToZero());
        LOG.infof(
                "model gateway listening on %s (%d event loops, idle timeout %s)",
                baseUrl(), loops, idleTimeout);
        return this;
    }

    /** One event loop's server, with its own pool of connections to the model servers. */
    private final class Loop extends AbstractVerticle {
        private final int port;
        private final CompletableFuture<HttpServer> listening;

        Loop(int port, CompletableFuture<HttpServer> listening) {
            this.port = port;
            this.listening = listening;
        }

        @Override
        public void start(Promise<Void> started) {
            HttpClient own = client(vertx);
            vertx.createHttpServer(serverOptions(port))
                    .requestHandler(req -> handle(req, own))
                    .listen()
                    .onSuccess(listening::complete)
                    .<Void>mapEmpty()
                    .onComplete(started);
        }
    }

    /**
     * A folder only this process's user may enter, for the model servers' Unix domain sockets:
     * cheaper than loopback TCP, and closed to other local users (a loopback port is not). Its path
     * is short, as a socket's must be.
     */
    private static Path socketFolder() throws java.io.IOException {
        return Files.createTempDirectory(
                Path.of("/tmp"),
                "knobs-models-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static HttpClient client(Vertx vertx) {
        return vertx.createHttpClient(
                new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(2000)
                        .setIdleTimeout(60),
                new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));
    }

    private HttpServerOptions serverOptions(int port) {
        return new HttpServerOptions()
                .setHost(bindHost)
                .setPort(port)
                .setTcpNoDelay(true)
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(120);
    }

    public String baseUrl() {
        return "http://" + urlHost + ":" + server.actualPort();
    }

    public String urlOf(String name) {
        return baseUrl() + "/models/" + name;
    }

    /** Where the platform itself reaches the model: the gateway on loopback. */
    public String internalUrlOf(String name) {
        return "http://127.0.0.1:" + server.actualPort() + "/models/" + name;
    }

    /** Where one version answers on its own; null when it is not served. */
    public String versionUrlOf(String name, int revision) {
        Served s = models.get(name);
        return s == null || !s.versions.containsKey(revision)
                ? null
                : urlOf(name) + "/versions/" + revision;
    }

    /**
     * Serves {@code serving}: new versions are added, versions no longer listed retired (their
     * servers stopped), and warm servers whose access changed restarted with the new setting.
     */
    public synchronized void apply(ModelDeployer.Serving serving) {
        Served s =
                models.computeIfAbsent(
                        serving.name(),
                        n -> new Served(serving, Hashes.sha256(credentials.modelCaller(n))));
        boolean accessChanged =
                !java.util.Objects.equals(s.serving.tokenSha256(), serving.tokenSha256());
        s.serving = serving;
        for (ModelDeployer.Version v : serving.versions()) {
            ServedVersion known = s.versions.get(v.revision());
            if (known == null || !known.version.equals(v)) {
                if (known != null) {
                    known.stop();
                }
                s.versions.put(v.revision(), version(serving.name(), v));
            } else if (accessChanged) {
                // its server restarts with the new setting on the next request
                known.stop();
            }
        }
        s.versions.values().removeIf(v -> retire(serving, v));
        keepWarm(s);
    }

    private ServedVersion version(String name, ModelDeployer.Version v) {
        return new ServedVersion(
                name, v, vertx, control, command::serverProcess, startTimeout, sockets, metrics);
    }

    private static boolean retire(ModelDeployer.Serving serving, ServedVersion v) {
        if (serving.versions().stream().anyMatch(k -> k.revision() == v.revision())) {
            return false;
        }
        v.stop();
        return true;
    }

    /** Takes a model down: its servers stop, its URL answers 404. */
    public synchronized boolean remove(String name) {
        Served s = models.remove(name);
        if (s == null) {
            return false;
        }
        s.versions.values().forEach(ServedVersion::stopNow);
        return true;
    }

    /** With a minimum scale, the versions taking traffic are started now and kept warm. */
    private void keepWarm(Served s) {
        if (s.serving.scaling().minScale() < 1) {
            return;
        }
        for (ServedVersion v : trafficVersions(s)) {
            v.ready().onFailure(e -> LOG.warnf("keeping %s warm failed: %s", s.serving.name(), e));
        }
    }

    private static List<ServedVersion> trafficVersions(Served s) {
        List<ServedVersion> in = new ArrayList<>();
        in.add(s.versions.get(s.serving.primary()));
        if (s.serving.canary() != null && s.serving.canaryPercent() > 0) {
            in.add(s.versions.get(s.serving.canary()));
        }
        in.removeIf(java.util.Objects::isNull);
        return in;
    }

    /** The SHA-256 of the token {@code name} requires; null when open or not served. */
    public String requiredToken(String name) {
        Served s = models.get(name);
        return s == null ? null : s.serving.tokenSha256();
    }

    private void handle(HttpServerRequest req, HttpClient client) {
        String path = req.path();
        if (!path.startsWith("/models/")) {
            Proxy.send(req.response(), 404, "no such path: " + path);
            return;
        }
        String rest = path.substring("/models/".length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        rest = slash < 0 ? "" : rest.substring(slash);
        Served s = models.get(name);
        if (s == null) {
            Proxy.send(req.response(), 404, "no model named '" + name + "' is published");
            return;
        }
        long received = System.nanoTime();
        req.response()
                .endHandler(
                        done ->
                                metrics.answered(
                                        name,
                                        req.response().getStatusCode(),
                                        System.nanoTime() - received));
        if (rest.isEmpty() || rest.equals("/")) {
            status(req, s);
            return;
        }
        ModelDeployer.Serving serving = s.serving;
        String token = serving.tokenSha256();
        String authorization = req.getHeader(HttpHeaders.AUTHORIZATION);
        Route route = Route.of(name, rest, serving, ThreadLocalRandom.current().nextInt(100));
        // health checks stay open, as on the model server itself
        if (token != null
                && !route.health()
                && !Hashes.bearerMatches(authorization, token)
                && !Hashes.bearerMatches(authorization, s.callerSha256)) {
            req.response().putHeader("WWW-Authenticate", "Bearer realm=\"" + name + "\"");
            Proxy.send(
                    req.response(),
                    401,
                    "model "
                            + name
                            + " needs its token: send 'Authorization: Bearer <token>'"
                            + " (its owner makes one on the model's page)");
            return;
        }
        String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && Proxy.tooLarge(declared)) {
            req.response().putHeader(HttpHeaders.CONNECTION, "close");
            Proxy.send(req.response(), 413, "the request body is larger than 16 MiB");
            return;
        }
        ServedVersion v = s.versions.get(route.revision());
        if (v == null) {
            Proxy.send(
                    req.response(), 404, "model " + name + " has no version " + route.revision());
            return;
        }
        req.pause();
        // at most what the version's servers would take at full scale on a cluster; more wait
        ModelDeployer.Scaling scaling = serving.scaling();
        Future<Void> slot =
                v.acquire(
                        Math.max(1, scaling.targetConcurrency()) * Math.max(1, scaling.maxScale()));
        if (slot == null) {
            req.resume();
            req.response().putHeader("Retry-After", "1");
            Proxy.send(req.response(), 503, "model " + name + " has too many requests waiting");
            return;
        }
        Context own = Vertx.currentContext();
        slot.compose(ok -> v.ready())
                .onComplete(
                        ready -> Proxy.onContext(own, () -> started(req, client, v, route, ready)));
    }

    /** Sends the request on once its version's server is ready, or answers why not (503). */
    private static void started(
            HttpServerRequest req,
            HttpClient client,
            ServedVersion v,
            Route route,
            io.vertx.core.AsyncResult<io.vertx.core.net.SocketAddress> ready) {
        if (ready.succeeded()) {
            Proxy.forward(req, client, v, ready.result(), route.path());
        } else {
            v.release();
            req.resume();
            Proxy.send(req.response(), 503, ready.cause().getMessage());
        }
    }

    private void status(HttpServerRequest req, Served s) {
        if (!Set.of("GET", "HEAD").contains(req.method().name())) {
            Proxy.send(req.response(), 405, "a model's status is read with GET");
            return;
        }
        GatewayStatus body =
                GatewayStatus.of(s.serving, s.versions.values(), urlOf(s.serving.name()));
        try {
            req.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.MAPPER.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Proxy.send(req.response(), 500, "cannot write the status");
        }
    }

    private void scaleIdleToZero() {
        for (Served s : models.values()) {
            ModelDeployer.Serving serving = s.serving;
            Duration delay =
                    serving.scaling().scaleDownDelaySeconds() > 0
                            ? Duration.ofSeconds(serving.scaling().scaleDownDelaySeconds())
                            : idleTimeout;
            List<ServedVersion> kept =
                    serving.scaling().minScale() > 0 ? trafficVersions(s) : List.of();
            for (ServedVersion v : s.versions.values()) {
                if (!kept.contains(v) && v.idleFor(delay)) {
                    LOG.infof(
                            "model %s version %d idle for %s: scaling to zero",
                            v.name, v.revision(), delay);
                    v.stop();
                }
            }
        }
    }

    @Override
    public void close() {
        models.values().forEach(s -> s.versions.values().forEach(ServedVersion::stopNow));
        models.clear();
        if (sockets != null) {
            try (var files = Files.list(sockets)) {
                files.forEach(f -> f.toFile().delete());
                Files.deleteIfExists(sockets);
            } catch (java.io.IOException e) {
                LOG.debug("removing the socket folder", e);
            }
        }
        try {
            if (reaper >= 0) {
                vertx.cancelTimer(reaper);
            }
            if (deployment != null) {
                vertx.undeploy(deployment)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            if (ownVertx) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.debug("closing the gateway", e);
        }
    }
}
