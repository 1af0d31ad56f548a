package dev.knobs.trainer.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.HttpServers;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.trainer.train.ArtifactClient;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve}: serves one model over the Open Inference Protocol (KServe V2) REST API, plus the
 * V1-style {@code POST /v1/models/{name}:predict} with rows of named features. The model loads in
 * the background; readiness answers 503 until it has, and an inference request that arrives
 * meanwhile waits for it instead of failing (a cold start answers correctly).
 *
 * <p>Configured by {@code KNOBS_MODEL_URL}, {@code KNOBS_MODEL_FORMAT}, {@code KNOBS_MODEL_NAME},
 * {@code KNOBS_MODEL_VERSION} (default 1), {@code KNOBS_ARTIFACT_TOKEN} and {@code PORT} (default
 * 8080). With {@code KNOBS_MODEL_TOKEN_SHA256} set, every request but the health checks must carry
 * {@code Authorization: Bearer <token>} whose SHA-256 that is (or the platform's artifact token);
 * otherwise 401.
 */
public final class ServeCommand {
    private static final Pattern MODEL_PATH =
            Pattern.compile("^/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?/?$");
    private static final Pattern V1_PREDICT = Pattern.compile("^/v1/models/([^/:]+):predict$");
    private static final long LOAD_WAIT_SECONDS = 120;

    /** The largest request body a model server reads. */
    static final long MAX_REQUEST_BYTES = 16L << 20;

    /** The most values one input tensor may hold. */
    static final long MAX_ELEMENTS = 4_000_000;

    private final Function<String, String> env;
    private final String name;
    private final String version;

    /** SHA-256 of the token every request but the health checks must carry; null: open. */
    private final String tokenSha256;

    /** SHA-256 of the credential the platform calls this model with; null when none. */
    private final String callerSha256;

    private final CompletableFuture<LoadedModel> model = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private HttpServer server;

    public ServeCommand(Function<String, String> env) {
        this.env = env;
        this.name = require("KNOBS_MODEL_NAME");
        this.version =
                env.apply("KNOBS_MODEL_VERSION") == null ? "1" : env.apply("KNOBS_MODEL_VERSION");
        String token = env.apply(TrialEnvironment.MODEL_TOKEN_SHA256);
        this.tokenSha256 = token == null || token.isBlank() ? null : token.strip();
        String caller = env.apply(TrialEnvironment.MODEL_CALLER_SHA256);
        this.callerSha256 = caller == null || caller.isBlank() ? null : caller.strip();
    }

    public ServeCommand start() throws IOException {
        int port = env.apply("PORT") == null ? 8080 : Integer.parseInt(env.apply("PORT"));
        String host = env.apply("KNOBS_HOST") == null ? "0.0.0.0" : env.apply("KNOBS_HOST");
        server = HttpServers.create(host, port, 128);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        Thread loader = new Thread(this::load, "knobs-model-loader");
        loader.setDaemon(true);
        loader.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
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

    /**
     * A restricted model answers its token's holders, and the platform calling it for its owner
     * (the page's try-it form: the front presents the credential it calls this model with, whose
     * hash the server was given; the front never holds the owner's token, the server never the
     * platform's key).
     */
    private boolean allowed(String authorization) {
        return Hashes.bearerMatches(authorization, tokenSha256)
                || (callerSha256 != null && Hashes.bearerMatches(authorization, callerSha256));
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
                            + " is ready on port "
                            + port());
        } catch (Exception e) {
            System.err.println("knobs-serve: cannot load model " + name + ": " + e.getMessage());
            model.completeExceptionally(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                route(ex, method, path);
            } catch (NotFound e) {
                send(ex, 404, error(e.getMessage()));
            } catch (HttpServers.TooLarge e) {
                send(ex, 413, error(e.getMessage()));
            } catch (InferenceException | IllegalArgumentException e) {
                send(ex, 400, error(e.getMessage()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                send(
                        ex,
                        400,
                        error("the request body is not valid JSON: " + e.getOriginalMessage()));
            } catch (TimeoutException e) {
                send(ex, 503, error("the model is still loading; try again"));
            } catch (Exception e) {
                send(ex, 500, error("inference failed: " + e.getMessage()));
            }
        }
    }

    private void route(HttpExchange ex, String method, String path) throws Exception {
        if (path.equals("/v2/health/live")) {
            send(ex, 200, Json.MAPPER.createObjectNode().put("live", true));
            return;
        }
        if (path.equals("/v2/health/ready")) {
            send(ex, ready() ? 200 : 503, Json.MAPPER.createObjectNode().put("ready", ready()));
            return;
        }
        if (tokenSha256 != null && !allowed(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + name + "\"");
            send(
                    ex,
                    401,
                    error(
                            "model "
                                    + name
                                    + " needs its token: send 'Authorization: Bearer <token>'"
                                    + " (its owner makes one on the model's page)"));
            return;
        }
        if (path.equals("/v2") || path.equals("/v2/")) {
            ObjectNode meta =
                    Json.MAPPER.createObjectNode().put("name", "knobs-serve").put("version", "1");
            meta.putArray("extensions");
            send(ex, 200, meta);
            return;
        }
        Matcher v1 = V1_PREDICT.matcher(path);
        if (v1.matches()) {
            requireMethod(method, "POST");
            checkName(v1.group(1), null);
            send(ex, 200, predictV1(Json.MAPPER.readTree(body(ex))));
            return;
        }
        Matcher m = MODEL_PATH.matcher(path);
        if (!m.matches()) {
            send(ex, 404, error("no such path: " + path));
            return;
        }
        checkName(m.group(1), m.group(2));
        String action = m.group(3) == null ? "" : m.group(3);
        switch (action) {
            case "/ready" ->
                    send(
                            ex,
                            ready() ? 200 : 503,
                            Json.MAPPER.createObjectNode().put("name", name).put("ready", ready()));
            case "/infer" -> {
                requireMethod(method, "POST");
                send(ex, 200, inferV2(Json.MAPPER.readTree(body(ex))));
            }
            default -> send(ex, 200, metadata(awaitModel()));
        }
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        return HttpServers.body(ex, MAX_REQUEST_BYTES);
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

    private static void requireMethod(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new InferenceException("use " + expected + " for this path");
        }
    }

    private boolean ready() {
        return model.isDone() && !model.isCompletedExceptionally();
    }

    private LoadedModel awaitModel() throws Exception {
        try {
            return model.get(LOAD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "the model could not be loaded: " + e.getCause().getMessage());
        }
    }

    private JsonNode metadata(LoadedModel loaded) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("name", name);
        meta.putArray("versions").add(version);
        meta.put("platform", loaded.format().equals("onnx") ? "onnxruntime_onnx" : "xgboost_json");
        meta.set("inputs", Json.MAPPER.valueToTree(loaded.inputs()));
        meta.set("outputs", Json.MAPPER.valueToTree(loaded.outputs()));
        loaded.card()
                .ifPresent(
                        card -> {
                            ObjectNode params = meta.putObject("parameters");
                            params.put("task", card.task().name().toLowerCase());
                            params.put("label_column", card.labelColumn());
                            params.set("classes", Json.MAPPER.valueToTree(card.classes()));
                            params.put("algorithm", card.algorithm());
                        });
        return meta;
    }

    private JsonNode inferV2(JsonNode request) throws Exception {
        JsonNode inputs = request.path("inputs");
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw new InferenceException(
                    "the request needs \"inputs\": a list of tensors {name, shape, datatype, data}");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode in : inputs) {
            Tensor t = tensor(in);
            if (tensors.put(t.name(), t) != null) {
                throw new InferenceException("input '" + t.name() + "' is given twice");
            }
        }
        Map<String, Tensor> outputs = awaitModel().infer(tensors);
        List<String> wanted = new ArrayList<>();
        request.path("outputs").forEach(o -> wanted.add(o.path("name").asText()));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("model_name", name);
        response.put("model_version", version);
        if (request.hasNonNull("id")) {
            response.put("id", request.get("id").asText());
        }
        ArrayNode out = response.putArray("outputs");
        for (Tensor t : outputs.values()) {
            if (wanted.isEmpty() || wanted.contains(t.name())) {
                out.add(Json.MAPPER.valueToTree(t));
            }
        }
        return response;
    }

    private static Tensor tensor(JsonNode in) {
        String tname = in.path("name").asText(null);
        if (tname == null || tname.isEmpty()) {
            throw new InferenceException("every input needs a \"name\"");
        }
        String datatype = in.path("datatype").asText(null);
        if (datatype == null) {
            throw new InferenceException(
                    "input '" + tname + "' needs a \"datatype\" (FP32, INT64, BYTES, ...)");
        }
        if (!in.path("shape").isArray()) {
            throw new InferenceException("input '" + tname + "' needs a \"shape\", e.g. [2, 4]");
        }
        List<Long> shape = new ArrayList<>();
        long elements = 1;
        for (JsonNode d : in.path("shape")) {
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new InferenceException(
                        "input '" + tname + "' has a shape of non-negative whole numbers only");
            }
            shape.add(d.asLong());
            elements = elements(tname, elements, d.asLong());
        }
        List<Object> data = new ArrayList<>();
        flatten(in.path("data"), data, tname);
        if (data.size() != elements) {
            throw new InferenceException(
                    "input '"
                            + tname
                            + "' has shape "
                            + shape
                            + " ("
                            + elements
                            + " values) but "
                            + data.size()
                            + " values of data");
        }
        return new Tensor(tname, datatype, shape, data);
    }

    /** The element count so far times {@code dim}, refused past {@value #MAX_ELEMENTS}. */
    private static long elements(String tname, long sofar, long dim) {
        try {
            long n = Math.multiplyExact(sofar, dim);
            if (n <= MAX_ELEMENTS) {
                return n;
            }
        } catch (ArithmeticException e) {
            // past any limit
        }
        throw new InferenceException(
                "input '" + tname + "' has more than " + MAX_ELEMENTS + " values; send fewer rows");
    }

    private static void flatten(JsonNode node, List<Object> into, String tname) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, into, tname));
        } else if (node.isNumber()) {
            into.add(node.numberValue());
        } else if (node.isTextual()) {
            into.add(node.asText());
        } else if (node.isBoolean()) {
            into.add(node.asBoolean());
        } else if (node.isMissingNode()) {
            throw new InferenceException("input '" + tname + "' needs \"data\"");
        } else {
            throw new InferenceException(
                    "input '"
                            + tname
                            + "' holds "
                            + node.getNodeType()
                            + " values; expected numbers or strings");
        }
    }

    private JsonNode predictV1(JsonNode request) throws Exception {
        JsonNode instances = request.path("instances");
        if (!instances.isArray() || instances.isEmpty()) {
            throw new InferenceException(
                    "the request needs \"instances\": a list of rows such as {\"age\": 42, \"plan\": \"gold\"}");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : instances) {
            if (!row.isObject()) {
                throw new InferenceException("each instance must be an object of named features");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            row.fields()
                    .forEachRemaining(
                            f ->
                                    values.put(
                                            f.getKey(),
                                            f.getValue().isNumber()
                                                    ? f.getValue().numberValue()
                                                    : f.getValue().isNull()
                                                            ? null
                                                            : f.getValue().asText()));
            rows.add(values);
        }
        List<RowPrediction> predictions = awaitModel().predictRows(rows);
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.set("predictions", Json.MAPPER.valueToTree(predictions));
        return response;
    }

    private static JsonNode error(String message) {
        return Json.MAPPER.createObjectNode().put("error", message);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String require(String variable) {
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set");
        }
        return value;
    }

    /** A request for a model this endpoint does not serve: 404. */
    private static final class NotFound extends InferenceException {
        NotFound(String message) {
            super(message);
        }
    }
}
