package dev.knobs.trainer.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import dev.knobs.trainer.serve.ServeErrors.ModelUnavailable;
import dev.knobs.trainer.serve.ServeErrors.NotAllowed;
import dev.knobs.trainer.serve.ServeErrors.NotFound;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model server's HTTP side on Vert.x: one event loop per core reads requests and writes
 * answers; parsing and inference run on a worker pool sized to the cores, so a slow request never
 * holds up the loops. A body past {@value #MAX_REQUEST_BYTES} bytes is answered 413 — before it is
 * read when it declares its length, as soon as it passes the limit otherwise — and its connection
 * closed. Health checks answer without a token; everything else follows {@link Access}.
 */
final class ModelServer {
    private static final Pattern MODEL_PATH =
            Pattern.compile("^/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?/?$");
    private static final Pattern V1_PATH = Pattern.compile("^/v1/models/([^/:]+)(:predict)?$");
    private static final long LOAD_WAIT_SECONDS = 120;

    /** The largest request body the server reads. */
    static final long MAX_REQUEST_BYTES = 16L << 20;

    private final String name;
    private final String version;
    private final ModelAccess access;
    private final CompletableFuture<LoadedModel> model;
    private final int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Vertx vertx;
    private WorkerExecutor workers;
    private volatile int port;

    ModelServer(
            String name, String version, ModelAccess access, CompletableFuture<LoadedModel> model) {
        this.name = name;
        this.version = version;
        this.access = access;
        this.model = model;
    }

    /** Listens on {@code host:port} (0: any free port) with one server per event loop. */
    /**
     * Listens on {@code host:port} (0: any free port), or — with {@code socket}, a path — on that
     * Unix domain socket (the gateway's link to its servers), with one server per event loop.
     */
    ModelServer start(String host, int port, String socket) throws Exception {
        vertx =
                Vertx.vertx(
                        new VertxOptions()
                                .setPreferNativeTransport(true)
                                .setEventLoopPoolSize(cores)
                                .setWorkerPoolSize(1)
                                .setInternalBlockingPoolSize(1));
        workers = vertx.createSharedWorkerExecutor("knobs-inference", cores, 5, TimeUnit.MINUTES);
        if (socket != null && !vertx.isNativeTransportEnabled()) {
            throw new IllegalStateException(
                    "a Unix domain socket needs Linux's epoll, which this system lacks");
        }
        // servers of one Vert.x on the same address share it (port 0: one free port)
        deploy(
                socket == null
                        ? SocketAddress.inetSocketAddress(port, host)
                        : SocketAddress.domainSocketAddress(socket),
                cores);
        return this;
    }

    private void deploy(SocketAddress address, int instances) throws Exception {
        HttpServerOptions options =
                new HttpServerOptions()
                        .setTcpNoDelay(!address.isDomainSocket())
                        .setCompressionSupported(false)
                        .setHttp2ClearTextEnabled(false)
                        .setIdleTimeout(120);
        vertx.deployVerticle(
                        () ->
                                new AbstractVerticle() {
                                    @Override
                                    public void start(Promise<Void> started) {
                                        vertx.createHttpServer(options)
                                                .requestHandler(ModelServer.this::handle)
                                                .listen(address)
                                                .onSuccess(s -> port = s.actualPort())
                                                .<Void>mapEmpty()
                                                .onComplete(started);
                                    }
                                },
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    int port() {
        return port;
    }

    /** Which socket layer it runs on: Linux's epoll, or the JDK's. */
    String transport() {
        return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
    }

    void stop() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }

    private void handle(HttpServerRequest req) {
        String path;
        try {
            // the path as sent, percent-decoded ("churn%3Apredict" is "churn:predict")
            path =
                    java.net.URLDecoder.decode(
                            req.path().replace("+", "%2B"),
                            java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            Replies.fail(req, 400, "the path is not properly percent-encoded");
            return;
        }
        if (path.equals("/v2/health/live")) {
            Replies.send(req, 200, Json.MAPPER.createObjectNode().put("live", true));
            return;
        }
        if (path.equals("/v2/health/ready")) {
            Replies.send(
                    req, ready() ? 200 : 503, Json.MAPPER.createObjectNode().put("ready", ready()));
            return;
        }
        if (!access.open() && !access.allows(req.getHeader(HttpHeaders.AUTHORIZATION))) {
            req.response().putHeader("WWW-Authenticate", "Bearer realm=\"" + name + "\"");
            Replies.fail(
                    req,
                    401,
                    "model "
                            + name
                            + " needs its token: send 'Authorization: Bearer <token>'"
                            + " (its owner makes one on the model's page)");
            return;
        }
        try {
            route(req, path);
        } catch (InferenceException e) {
            Replies.fail(
                    req,
                    e instanceof NotFound ? 404 : e instanceof NotAllowed ? 405 : 400,
                    e.getMessage());
        }
    }

    private void route(HttpServerRequest req, String path) {
        if (path.equals("/v2") || path.equals("/v2/")) {
            Replies.only(req, HttpMethod.GET);
            ObjectNode meta =
                    Json.MAPPER.createObjectNode().put("name", "knobs-serve").put("version", "2");
            meta.putArray("extensions");
            Replies.send(req, 200, meta);
            return;
        }
        Matcher v1 = V1_PATH.matcher(path);
        if (v1.matches()) {
            checkName(v1.group(1), null);
            if (v1.group(2) == null) {
                Replies.only(req, HttpMethod.GET);
                Replies.send(req, ready() ? 200 : 503, V1Codec.status(name, ready()));
            } else {
                Replies.only(req, HttpMethod.POST);
                withBody(req, body -> V1Codec.predict(awaitModel(), V1Codec.instances(tree(body))));
            }
            return;
        }
        Matcher m = MODEL_PATH.matcher(path);
        if (!m.matches()) {
            throw new NotFound("no such path: " + path);
        }
        checkName(m.group(1), m.group(2));
        String action = m.group(3) == null ? "" : m.group(3);
        if (action.equals("/infer")) {
            Replies.only(req, HttpMethod.POST);
            withBody(req, this::infer);
        } else if (action.equals("/ready")) {
            Replies.only(req, HttpMethod.GET);
            Replies.send(
                    req,
                    ready() ? 200 : 503,
                    Json.MAPPER.createObjectNode().put("name", name).put("ready", ready()));
        } else {
            Replies.only(req, HttpMethod.GET);
            onWorker(
                    req,
                    () -> Json.MAPPER.writeValueAsBytes(Metadata.of(name, version, awaitModel())));
        }
    }

    private byte[] infer(Buffer body) throws Exception {
        LoadedModel loaded = awaitModel();
        io.netty.buffer.ByteBuf bytes = body.getByteBuf();
        V2Codec.Request request =
                bytes.hasArray()
                        ? V2Codec.read(
                                bytes.array(),
                                bytes.arrayOffset() + bytes.readerIndex(),
                                bytes.readableBytes(),
                                loaded.allowsNonFinite())
                        : V2Codec.read(body.getBytes(), loaded.allowsNonFinite());
        List<Tensor> outputs = loaded.infer(request.inputs());
        if (!request.outputs().isEmpty()) {
            for (String wanted : request.outputs()) {
                if (outputs.stream().noneMatch(t -> t.name().equals(wanted))) {
                    throw new InferenceException(
                            "unknown output '"
                                    + wanted
                                    + "'; the outputs are "
                                    + String.join(
                                            ", ", outputs.stream().map(Tensor::name).toList()));
                }
            }
            outputs = outputs.stream().filter(t -> request.outputs().contains(t.name())).toList();
        }
        return V2Codec.write(name, version, request.id(), outputs);
    }

    private static JsonNode tree(Buffer body) throws java.io.IOException {
        return Json.MAPPER.readTree(body.getBytes());
    }

    /** What runs on a worker: the answer's bytes, or an exception a client can read. */
    private interface Work {
        Object run() throws Exception;
    }

    private interface BodyWork {
        Object run(Buffer body) throws Exception;
    }

    /** Reads the body within the limit, then answers from the worker pool. */
    private void withBody(HttpServerRequest req, BodyWork work) {
        String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && Replies.parses(declared) > MAX_REQUEST_BYTES) {
            Replies.tooLarge(req);
            return;
        }
        Buffer body =
                Buffer.buffer(
                        declared == null ? 1024 : (int) Math.max(0, Replies.parses(declared)));
        boolean[] refused = {false};
        req.handler(
                chunk -> {
                    if (refused[0]) {
                        return;
                    }
                    if (body.length() + chunk.length() > MAX_REQUEST_BYTES) {
                        refused[0] = true;
                        Replies.tooLarge(req);
                        return;
                    }
                    body.appendBuffer(chunk);
                });
        req.endHandler(
                done -> {
                    if (refused[0]) {
                        return;
                    }
                    if (quick(body.length())) {
                        inline(req, () -> work.run(body));
                    } else {
                        onWorker(req, () -> work.run(body));
                    }
                });
    }

    /** A request answered in less than this, on average, may be answered on the event loop. */
    private static final long QUICK_NANOS = 150_000;

    /** The largest body answered on the event loop. */
    private static final int QUICK_BYTES = 16 << 10;

    /** How long requests take to answer, on average (nanoseconds; starts as "slow"). */
    private volatile double averageNanos = Double.MAX_VALUE;

    /**
     * Whether a request is answered on the event loop rather than handed to a worker: a small body,
     * for a loaded model whose answers take well under a millisecond on average. The hand- over
     * costs more than such a request; a slow model never holds up a loop, and the average is
     * measured on the workers until it is known.
     */
    private boolean quick(int bytes) {
        return bytes <= QUICK_BYTES && ready() && averageNanos < QUICK_NANOS;
    }

    private void measured(long started) {
        double took = System.nanoTime() - started;
        double now = averageNanos;
        averageNanos = now == Double.MAX_VALUE ? took : 0.99 * now + 0.01 * took;
    }

    private void inline(HttpServerRequest req, Work work) {
        long started = System.nanoTime();
        Object value;
        try {
            value = work.run();
        } catch (Exception e) {
            Replies.failed(req, e);
            return;
        } finally {
            measured(started);
        }
        Replies.answer(req, value);
    }

    private void onWorker(HttpServerRequest req, Work work) {
        workers.<Object>executeBlocking(
                        () -> {
                            long started = System.nanoTime();
                            try {
                                return work.run();
                            } finally {
                                if (ready()) {
                                    measured(started);
                                }
                            }
                        },
                        false)
                .onComplete(
                        result -> {
                            if (result.succeeded()) {
                                Replies.answer(req, result.result());
                            } else {
                                Replies.failed(req, result.cause());
                            }
                        });
    }

    private void checkName(String requested, String requestedVersion) {
        if (!requested.equals(name)
                || (requestedVersion != null && !requestedVersion.equals(version))) {
            throw new NotFound(
                    "model '"
                            + requested
                            + "'"
                            + (requestedVersion == null ? "" : " version " + requestedVersion)
                            + " is not served here; this endpoint serves '"
                            + name
                            + "' version "
                            + version);
        }
    }

    private boolean ready() {
        return model.isDone() && !model.isCompletedExceptionally();
    }

    private LoadedModel awaitModel() throws Exception {
        try {
            return model.get(LOAD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ModelUnavailable(
                    "the model could not be loaded: " + e.getCause().getMessage());
        }
    }
}
