package dev.knobs.functions.serving.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.HttpServers;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.config.ChildEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The embedded default's stand-in for Knative Serving's activator: one HTTP port in front of every
 * published model ({@code /models/<name>/...}). A model's server process starts on the first
 * request and the request waits until the model is loaded (a cold start answers correctly); a
 * server idle for longer than the idle timeout is stopped (scale to zero).
 */
public final class ModelGateway implements AutoCloseable {
    /** The largest request it forwards (the model server's own limit). */
    static final long MAX_BODY = 16L << 20;

    private static final Logger LOG = Logger.getLogger(ModelGateway.class);

    /** What one model name serves, and its server process while warm. */
    private static final class Deployment {
        final String name;
        final int revision;
        final ModelRef model;

        /** SHA-256 of the token requests must carry, or null (given to the server at start). */
        volatile String tokenSha256;

        Process process;
        int port;
        volatile Instant lastUsed = Instant.now();
        final AtomicInteger inFlight = new AtomicInteger();
        int coldStarts;

        Deployment(String name, int revision, ModelRef model) {
            this.name = name;
            this.revision = revision;
            this.model = model;
        }

        boolean warm() {
            return process != null && process.isAlive();
        }
    }

    private final String bindHost;
    private final String urlHost;
    private final Path trainerHome;
    private final Credentials credentials;
    private final Duration idleTimeout;
    private final Duration startTimeout;
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService reaper =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "knobs-gateway-reaper");
                        t.setDaemon(true);
                        return t;
                    });
    private HttpServer server;

    /**
     * @param bindHost the address it listens on (loopback unless set otherwise)
     * @param urlHost the host name in the URLs it hands out
     * @param credentials mints each model server's credential (it reads that model's files only)
     */
    public ModelGateway(
            String bindHost,
            String urlHost,
            Path trainerHome,
            Credentials credentials,
            Duration idleTimeout,
            Duration startTimeout) {
        this.bindHost = bindHost;
        this.urlHost = urlHost;
        this.trainerHome = trainerHome;
        this.credentials = credentials;
        this.idleTimeout = idleTimeout;
        this.startTimeout = startTimeout;
    }

    public ModelGateway start(int port) throws IOException {
        server = HttpServers.create(bindHost, port, 128);
        server.createContext("/models/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        long period = Math.max(200, idleTimeout.toMillis() / 4);
        reaper.scheduleWithFixedDelay(this::scaleIdleToZero, period, period, TimeUnit.MILLISECONDS);
        LOG.infof("model gateway listening on %s (idle timeout %s)", baseUrl(), idleTimeout);
        return this;
    }

    public String baseUrl() {
        return "http://" + urlHost + ":" + server.getAddress().getPort();
    }

    public String urlOf(String name) {
        return baseUrl() + "/models/" + name;
    }

    /** Where the platform itself reaches the model: the gateway on loopback. */
    public String internalUrlOf(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + name;
    }

    /**
     * Serves {@code model} as {@code name}, open or only to requests with the token whose SHA-256
     * is {@code tokenSha256}; a newer revision replaces an older one.
     */
    public String deploy(String name, int revision, ModelRef model, String tokenSha256) {
        deployments.compute(
                name,
                (n, old) -> {
                    if (old != null && old.revision >= revision) {
                        return old;
                    }
                    if (old != null) {
                        stop(old);
                    }
                    Deployment d = new Deployment(name, revision, model);
                    d.tokenSha256 = tokenSha256;
                    return d;
                });
        return urlOf(name);
    }

    /** The SHA-256 of the token {@code name} requires; null when open or not served. */
    public String requiredToken(String name) {
        Deployment d = deployments.get(name);
        return d == null ? null : d.tokenSha256;
    }

    /**
     * Opens {@code name} to everyone (null) or only to its token's holders. A warm server is
     * stopped, so the next request starts one with the new setting.
     */
    public boolean restrict(String name, String tokenSha256) {
        Deployment d = deployments.get(name);
        if (d == null) {
            return false;
        }
        synchronized (d) {
            if (!java.util.Objects.equals(d.tokenSha256, tokenSha256)) {
                d.tokenSha256 = tokenSha256;
                stop(d);
            }
        }
        return true;
    }

    /** Answers one request; the exchange closes only after the answer, refusals included. */
    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                route(ex);
            } catch (ColdStartFailed e) {
                send(ex, 503, Json.MAPPER.writeValueAsString(Map.of("error", e.getMessage())));
            } catch (HttpServers.TooLarge e) {
                send(ex, 413, Json.MAPPER.writeValueAsString(Map.of("error", e.getMessage())));
            } catch (RuntimeException e) {
                LOG.error("gateway failure", e);
                String message = "the model server failed: " + e.getMessage();
                send(ex, 502, Json.MAPPER.writeValueAsString(Map.of("error", message)));
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath().substring("/models/".length());
        int slash = path.indexOf('/');
        String name = slash < 0 ? path : path.substring(0, slash);
        String rest = slash < 0 ? "" : path.substring(slash);
        Deployment d = deployments.get(name);
        if (d == null) {
            send(
                    ex,
                    404,
                    "{\"error\":\"no model named '" + name.replace("\"", "") + "' is published\"}");
            return;
        }
        if ((rest.isEmpty() || rest.equals("/"))
                && !Set.of("GET", "HEAD").contains(ex.getRequestMethod())) {
            send(ex, 405, "{\"error\":\"a model's status is read with GET\"}");
            return;
        }
        if (rest.isEmpty() || rest.equals("/")) {
            send(
                    ex,
                    200,
                    Json.MAPPER.writeValueAsString(
                            Map.of(
                                    "name",
                                    name,
                                    "revision",
                                    d.revision,
                                    "format",
                                    d.model.format(),
                                    "state",
                                    d.warm() ? "warm" : "scaled-to-zero",
                                    "coldStarts",
                                    d.coldStarts,
                                    "tokenRequired",
                                    d.tokenSha256 != null)));
            return;
        }
        // a body it would not take is refused before the model server is even started
        HttpServers.checkDeclared(ex, MAX_BODY);
        d.inFlight.incrementAndGet();
        try {
            int port = ensureStarted(d);
            forward(ex, port, rest);
        } finally {
            d.lastUsed = Instant.now();
            d.inFlight.decrementAndGet();
        }
    }

    private void forward(HttpExchange ex, int port, String rest) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        URI target =
                URI.create("http://127.0.0.1:" + port + rest + (query == null ? "" : "?" + query));
        byte[] body = HttpServers.body(ex, MAX_BODY);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(target)
                        .timeout(Duration.ofMinutes(2))
                        .method(
                                ex.getRequestMethod(),
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Content-Type", "Authorization")) {
            String value = ex.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            HttpResponse<byte[]> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers()
                    .firstValue("Content-Type")
                    .ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
            ex.sendResponseHeaders(
                    response.statusCode(),
                    response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private int ensureStarted(Deployment d) {
        synchronized (d) {
            if (d.warm()) {
                return d.port;
            }
            try {
                d.port = freePort();
                d.process = serverProcess(d).start();
                d.coldStarts++;
            } catch (IOException e) {
                throw new ColdStartFailed(
                        "cannot start the server of model " + d.name + ": " + e.getMessage());
            }
            awaitReady(d);
            return d.port;
        }
    }

    private ProcessBuilder serverProcess(Deployment d) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-XX:+UseSerialGC",
                                "-XX:TieredStopAtLevel=1",
                                "-Xmx512m",
                                "-jar",
                                trainerHome.resolve("knobs-trainer.jar").toString(),
                                "serve"));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = ChildEnvironment.basics(builder.environment());
        env.put("KNOBS_MODEL_NAME", d.name);
        env.put("KNOBS_MODEL_VERSION", String.valueOf(d.revision));
        env.put("KNOBS_MODEL_URL", d.model.url());
        env.put("KNOBS_MODEL_FORMAT", d.model.format());
        env.put(TrialEnvironment.ARTIFACT_TOKEN, credentials.modelServer(d.name));
        env.put(
                TrialEnvironment.MODEL_CALLER_SHA256,
                Hashes.sha256(credentials.modelCaller(d.name)));
        env.put(TrialEnvironment.PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
        env.put("KNOBS_HOST", "127.0.0.1");
        env.put("PORT", String.valueOf(d.port));
        if (d.tokenSha256 != null) {
            env.put(TrialEnvironment.MODEL_TOKEN_SHA256, d.tokenSha256);
        }
        return builder;
    }

    private void awaitReady(Deployment d) {
        Instant deadline = Instant.now().plus(startTimeout);
        HttpRequest ready =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + d.port + "/v2/health/ready"))
                        .timeout(Duration.ofSeconds(2))
                        .build();
        while (Instant.now().isBefore(deadline)) {
            if (!d.process.isAlive()) {
                throw new ColdStartFailed(
                        "the server of model "
                                + d.name
                                + " exited with status "
                                + d.process.exitValue()
                                + " while starting");
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop(d);
        throw new ColdStartFailed(
                "the model "
                        + d.name
                        + " did not become ready within "
                        + startTimeout.toSeconds()
                        + " s");
    }

    private void scaleIdleToZero() {
        Instant cutoff = Instant.now().minus(idleTimeout);
        for (Deployment d : deployments.values()) {
            synchronized (d) {
                if (d.warm() && d.inFlight.get() == 0 && d.lastUsed.isBefore(cutoff)) {
                    LOG.infof("model %s idle since %s: scaling to zero", d.name, d.lastUsed);
                    stop(d);
                }
            }
        }
    }

    private static void stop(Deployment d) {
        if (d.process != null) {
            d.process.destroy();
            try {
                if (!d.process.waitFor(5, TimeUnit.SECONDS)) {
                    d.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                d.process.destroyForcibly();
            }
            d.process = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        deployments.values().forEach(ModelGateway::stop);
        if (server != null) {
            server.stop(0);
        }
    }

    /** A model server could not be started or did not become ready: 503. */
    private static final class ColdStartFailed extends RuntimeException {
        ColdStartFailed(String message) {
            super(message);
        }
    }
}
