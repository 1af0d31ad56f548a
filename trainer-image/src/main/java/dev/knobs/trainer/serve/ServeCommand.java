package dev.knobs.trainer.serve;

import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.trainer.train.ArtifactClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code serve}: serves one model over the Open Inference Protocol (KServe V2) REST API, plus the
 * KServe V1 form ({@code GET /v1/models/{name}}, {@code POST /v1/models/{name}:predict}), on {@link
 * ModelServer}. The model loads in the background; readiness answers 503 until it has, and an
 * inference request that arrives meanwhile waits for it instead of failing (a cold start answers
 * correctly).
 *
 * <p>Configured by {@code KNOBS_MODEL_URL}, {@code KNOBS_MODEL_FORMAT}, {@code KNOBS_MODEL_NAME},
 * {@code KNOBS_MODEL_VERSION} (default 1), {@code KNOBS_ARTIFACT_TOKEN}, {@code KNOBS_HOST}
 * (default 0.0.0.0) and {@code PORT} (default 8080), or {@code KNOBS_SOCKET}: a Unix domain socket
 * to listen on instead (Linux). With {@code KNOBS_MODEL_TOKEN_SHA256} set, every request but the
 * health checks must carry {@code Authorization: Bearer <token>} whose SHA-256 that is (or the
 * credential whose hash is {@code KNOBS_MODEL_CALLER_SHA256}, the platform's for the page's try-it
 * form); otherwise 401.
 */
public final class ServeCommand {
    private final Function<String, String> env;
    private final String name;
    private final String version;
    private final CompletableFuture<LoadedModel> model = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ModelServer server;

    public ServeCommand(Function<String, String> env) {
        this.env = env;
        this.name = require("KNOBS_MODEL_NAME");
        this.version =
                env.apply("KNOBS_MODEL_VERSION") == null ? "1" : env.apply("KNOBS_MODEL_VERSION");
    }

    public ServeCommand start() throws Exception {
        int port = env.apply("PORT") == null ? 8080 : Integer.parseInt(env.apply("PORT"));
        String host = env.apply("KNOBS_HOST") == null ? "0.0.0.0" : env.apply("KNOBS_HOST");
        ModelAccess access =
                new ModelAccess(
                        optional(TrialEnvironment.MODEL_TOKEN_SHA256),
                        optional(TrialEnvironment.MODEL_TOKEN_FILE) == null
                                ? null
                                : java.nio.file.Path.of(
                                        optional(TrialEnvironment.MODEL_TOKEN_FILE)),
                        optional(TrialEnvironment.MODEL_CALLER_SHA256));
        server =
                new ModelServer(name, version, access, model)
                        .start(host, port, optional("KNOBS_SOCKET"));
        Thread loader = new Thread(this::load, "knobs-model-loader");
        loader.setDaemon(true);
        loader.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        return this;
    }

    public int port() {
        return server.port();
    }

    /**
     * Waits until the server stops, or its model could not be loaded (then false: a model server
     * without its model exits, so Knative or the gateway sees the failure at once rather than a
     * server that never becomes ready).
     */
    public boolean awaitShutdown() throws InterruptedException {
        model.whenComplete(
                (m, failure) -> {
                    if (failure != null) {
                        stopped.countDown();
                    }
                });
        stopped.await();
        return !model.isCompletedExceptionally();
    }

    public void stop() {
        if (server != null) {
            server.stop();
        }
        model.thenAccept(
                m -> {
                    try {
                        m.close();
                    } catch (Exception ignored) {
                        // closing on shutdown
                    }
                });
        stopped.countDown();
    }

    private void load() {
        try {
            byte[] bytes =
                    new ArtifactClient(env.apply(TrialEnvironment.ARTIFACT_TOKEN))
                            .get(require("KNOBS_MODEL_URL"));
            model.complete(LoadedModel.load(bytes, require("KNOBS_MODEL_FORMAT")));
            System.out.println(
                    "knobs-serve: model "
                            + name
                            + " version "
                            + version
                            + " is ready on "
                            + (optional("KNOBS_SOCKET") == null
                                    ? "port " + port()
                                    : optional("KNOBS_SOCKET"))
                            + " ("
                            + server.transport()
                            + ")");
        } catch (Exception e) {
            System.err.println("knobs-serve: cannot load model " + name + ": " + e.getMessage());
            model.completeExceptionally(e);
        }
    }

    private String optional(String variable) {
        String value = env.apply(variable);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private String require(String variable) {
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set");
        }
        return value;
    }
}
