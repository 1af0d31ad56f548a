package dev.knobs.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.formats.SyntheticData;
import dev.knobs.trainer.serve.ServeCommand;
import dev.knobs.trainer.train.TrainCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainAndServeTest {
    @TempDir Path dir;

    private Map<String, String> contract(String csv, String label, String algorithm, String hparams)
            throws Exception {
        return contract(dir, csv, label, algorithm, hparams);
    }

    /**
     * A trial's environment: {@code csv} as its dataset in {@code dir}, its model to a file there.
     */
    static Map<String, String> contract(
            Path dir, String csv, String label, String algorithm, String hparams) throws Exception {
        Path data = dir.resolve(algorithm + "-data.csv");
        Files.writeString(data, csv);
        Map<String, String> env = new HashMap<>();
        env.put(TrialEnvironment.EXPERIMENT_ID, "exp-1");
        env.put(TrialEnvironment.TRIAL_ID, "exp-1-t1");
        env.put(TrialEnvironment.ALGORITHM, algorithm);
        env.put(TrialEnvironment.HPARAMS, hparams);
        env.put(TrialEnvironment.DATASET_URL, data.toUri().toString());
        env.put(TrialEnvironment.LABEL_COLUMN, label);
        env.put(TrialEnvironment.MODEL_UPLOAD_URL, dir.resolve("model.bin").toUri().toString());
        return env;
    }

    record Run(int exit, Map<String, Double> metrics, String output) {}

    static Run train(Map<String, String> env) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                new TrainCommand(env::get, new PrintStream(bytes, true, StandardCharsets.UTF_8))
                        .run();
        String output = bytes.toString(StandardCharsets.UTF_8);
        Map<String, Double> metrics = new HashMap<>();
        output.lines()
                .filter(l -> l.matches("[a-z_0-9]+=.*"))
                .forEach(
                        l ->
                                metrics.put(
                                        l.substring(0, l.indexOf('=')),
                                        Double.parseDouble(l.substring(l.indexOf('=') + 1))));
        return new Run(exit, metrics, output);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            linear-sgd            | {"learning_rate": 0.1, "epochs": 5}                     | 0.85
            factorization-machine | {"learning_rate": 0.05, "epochs": 5, "factors": 4}      | 0.85
            xgboost               | {"learning_rate": 0.3, "max_depth": 4, "n_estimators": 60} | 0.85
            """)
    void learnsAClassificationTaskAndServesTheSamePredictions(
            String algorithm, String hparams, double minAccuracy) throws Exception {
        Run run = train(contract(SyntheticData.churnCsv(1500, 7), "churn", algorithm, hparams));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.metrics().get("accuracy")).as(run.output()).isGreaterThan(minAccuracy);
        assertThat(run.metrics()).containsKeys("macro_f1", "logloss");

        String format = algorithm.equals("xgboost") ? "xgboost-json" : "onnx";
        byte[] model = Files.readAllBytes(dir.resolve("model.bin"));
        if (format.equals("onnx")) {
            OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(model);
            assertThat(proto.getMetadataPropsList())
                    .extracting(OnnxMl.StringStringEntryProto::getKey)
                    .containsExactly("knobs.card");
            assertThat(proto.toString()).doesNotContain(dir.toString());
        }

        ServeCommand serve = new ServeCommand(serveEnv(format, Map.of())::get).start();
        try {
            String base = "http://127.0.0.1:" + serve.port();
            // named features, in an order unlike the training columns (and unlike ONNX's
            // lexicographic order)
            JsonNode v1 =
                    post(
                            base + "/v1/models/churn:predict",
                            "{\"instances\":[{\"tenure\":9.5,\"visits\":30,\"plan\":\"gold\",\"income\":20000,\"age\":20},"
                                    + "{\"plan\":\"basic\",\"age\":78,\"visits\":0,\"tenure\":0.2,\"income\":30000}]}",
                            200);
            assertThat(v1.path("predictions").get(0).path("label").asText()).isEqualTo("no");
            assertThat(v1.path("predictions").get(1).path("label").asText()).isEqualTo("yes");

            JsonNode meta = get(base + "/v2/models/churn", 200);
            assertThat(meta.path("inputs").findValuesAsText("name"))
                    .containsExactly("age", "income", "plan", "visits", "tenure");
            JsonNode v2 =
                    post(
                            base + "/v2/models/churn/versions/1/infer",
                            """
                    {"id":"r1","inputs":[
                      {"name":"age","datatype":"FP32","shape":[2],"data":[20,78]},
                      {"name":"income","datatype":"FP32","shape":[2],"data":[20000,30000]},
                      {"name":"plan","datatype":"BYTES","shape":[2],"data":["gold","basic"]},
                      {"name":"visits","datatype":"FP32","shape":[2],"data":[30,0]},
                      {"name":"tenure","datatype":"FP32","shape":[2],"data":[9.5,0.2]}]}""",
                            200);
            assertThat(v2.path("id").asText()).isEqualTo("r1");
            assertThat(v2.path("outputs").get(0).path("data").findValuesAsText("")).isEmpty();
            assertThat(v2.path("outputs").get(0).path("data").get(0).asText()).isEqualTo("no");
            assertThat(v2.path("outputs").get(0).path("data").get(1).asText()).isEqualTo("yes");

            assertThat(get(base + "/v2/health/ready", 200).path("ready").asBoolean()).isTrue();
            assertThat(get(base + "/v2/models/other", 404).path("error").asText())
                    .contains("not served here");
            assertThat(
                            post(
                                            base + "/v1/models/churn:predict",
                                            "{\"instances\":[{\"age\":\"old\",\"income\":1,\"plan\":\"gold\",\"visits\":1,\"tenure\":1}]}",
                                            400)
                                    .path("error")
                                    .asText())
                    .contains("feature 'age' must be a finite number");
            assertThat(
                            post(base + "/v2/models/churn/infer", "{not json", 400)
                                    .path("error")
                                    .asText())
                    .contains("not valid JSON");
        } finally {
            serve.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            xgboost    | {"learning_rate": 0.3, "max_depth": 3, "n_estimators": 30} | 1,2,3,4,5,6,7,8,9,10,15,20,25,30
            linear-sgd | {"learning_rate": 0.1, "epochs": 5}                        | 1,2,4,5
            """)
    void reportsIntermediateResultsAsTrialProgressWhenAsked(
            String algorithm, String hparams, String steps) throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext(
                "/",
                exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    ObjectNode event = Json.MAPPER.createObjectNode();
                    event.put("type", exchange.getRequestHeaders().getFirst("ce-type"));
                    event.put("id", exchange.getRequestHeaders().getFirst("ce-id"));
                    event.set("data", Json.MAPPER.readTree(body));
                    events.add(event);
                    exchange.sendResponseHeaders(202, -1);
                    exchange.close();
                });
        sink.start();
        try {
            Map<String, String> env =
                    contract(SyntheticData.churnCsv(600, 3), "churn", algorithm, hparams);
            env.put(TrialEnvironment.REPORT_PROGRESS, "1");
            env.put(TrialEnvironment.SINK, "http://127.0.0.1:" + sink.getAddress().getPort());
            Run run = train(env);
            assertThat(run.exit()).as(run.output()).isZero();

            List<JsonNode> progress =
                    events.stream()
                            .filter(e -> e.path("type").asText().equals("dev.knobs.trial-progress"))
                            .toList();
            assertThat(progress)
                    .extracting(e -> e.path("data").path("step").asText())
                    .containsExactly(steps.split(","));
            assertThat(progress)
                    .extracting(e -> e.path("id").asText())
                    .allMatch(id -> id.startsWith("exp-1-t1/step/"));
            JsonNode last = progress.get(progress.size() - 1).path("data").path("metrics");
            assertThat(last.path("accuracy").asDouble())
                    .isCloseTo(run.metrics().get("accuracy"), within(1e-6));
            assertThat(events.get(events.size() - 1).path("type").asText())
                    .isEqualTo("dev.knobs.trial-finished");
            assertThat(run.output()).contains("knobs: step 1 accuracy=");
        } finally {
            sink.stop(0);
        }
    }

    @Test
    void learnsARegressionTask() throws Exception {
        Run run =
                train(
                        contract(
                                SyntheticData.regressionCsv(800, 3),
                                "y",
                                "xgboost",
                                "{\"n_estimators\": 80}"));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.metrics().get("r2")).isGreaterThan(0.9);
        Run linear =
                train(
                        contract(
                                SyntheticData.regressionCsv(800, 3),
                                "y",
                                "linear-sgd",
                                "{\"epochs\": 10, \"learning_rate\": 0.05}"));
        assertThat(linear.metrics().get("r2")).as(linear.output()).isGreaterThan(0.9);
    }

    /** What a model costs to serve, measured of every model: its size and one-row latency. */
    @Test
    void measuresTheSizeAndLatencyOfEveryModelALargerModelIsLarger() throws Exception {
        Run small =
                train(
                        contract(
                                SyntheticData.churnCsv(300, 2),
                                "churn",
                                "xgboost",
                                "{\"n_estimators\": 2, \"max_depth\": 1}"));
        Run large =
                train(
                        contract(
                                SyntheticData.churnCsv(300, 2),
                                "churn",
                                "xgboost",
                                "{\"n_estimators\": 120, \"max_depth\": 6}"));
        assertThat(small.exit()).as(small.output()).isZero();
        assertThat(large.exit()).as(large.output()).isZero();
        assertThat(small.metrics().get("model_size_kb")).isPositive();
        assertThat(large.metrics().get("model_size_kb"))
                .isGreaterThan(10 * small.metrics().get("model_size_kb"));
        assertThat(small.metrics().get("latency_ms")).isPositive().isLessThan(1000);
        assertThat(large.metrics().get("latency_ms")).isPositive().isLessThan(1000);
    }

    @Test
    void aWrongHyperparameterFailsTheTrialWithAReason() throws Exception {
        Run run =
                train(
                        contract(
                                SyntheticData.churnCsv(100, 1),
                                "churn",
                                "xgboost",
                                "{\"max_dept\": 4}"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("has no hyperparameter max_dept").contains("max_depth");
    }

    @Test
    void aCsvSavedByExcelTrainsAModelWhoseInputsAreTheColumnNames() throws Exception {
        // "CSV UTF-8": a byte order mark, and ';' between cells where ',' is the decimal mark
        String csv = "\uFEFF" + SyntheticData.churnCsv(300, 5).replace(',', ';');
        Run run = train(contract(csv, "churn", "xgboost", "{\"n_estimators\": 5}"));
        assertThat(run.exit()).as(run.output()).isZero();
        ServeCommand serve = new ServeCommand(serveEnv("xgboost-json", Map.of())::get).start();
        try {
            String base = "http://127.0.0.1:" + serve.port();
            JsonNode meta = get(base + "/v2/models/churn", 200);
            assertThat(meta.path("inputs").findValuesAsText("name"))
                    .containsExactly("age", "income", "plan", "visits", "tenure");
        } finally {
            serve.stop();
        }
    }

    @Test
    void anUnknownLabelColumnFailsTheTrialWithTheColumns() throws Exception {
        Run run = train(contract(SyntheticData.churnCsv(100, 1), "target", "linear-sgd", "{}"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("there is no column 'target'").contains("churn");
    }

    /** How a model server is started on the model the last run trained, plus {@code more}. */
    private Map<String, String> serveEnv(String format, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.put("KNOBS_MODEL_NAME", "churn");
        env.put("KNOBS_MODEL_URL", dir.resolve("model.bin").toUri().toString());
        env.put("KNOBS_MODEL_FORMAT", format);
        env.put("PORT", "0");
        env.put("KNOBS_HOST", "127.0.0.1");
        return env;
    }

    private static JsonNode get(String url, int status) throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode post(String url, String body, int status) throws Exception {
        return post(url, body, null, status);
    }

    private static JsonNode post(String url, String body, String token, int status)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void aModelThatNeedsATokenAnswersOnlyItsHoldersButAlwaysItsHealth() throws Exception {
        Run run =
                train(
                        contract(
                                SyntheticData.churnCsv(300, 3),
                                "churn",
                                "linear-sgd",
                                "{\"learning_rate\": 0.1, \"epochs\": 2}"));
        assertThat(run.exit()).as(run.output()).isZero();
        ServeCommand serve =
                new ServeCommand(
                                serveEnv(
                                                "onnx",
                                                Map.of(
                                                        TrialEnvironment.MODEL_TOKEN_SHA256,
                                                        Hashes.sha256("the-right-token")))
                                        ::get)
                        .start();
        try {
            String base = "http://127.0.0.1:" + serve.port();
            String row =
                    "{\"instances\":[{\"age\":30,\"income\":1,\"plan\":\"gold\",\"visits\":3,\"tenure\":2}]}";
            assertThat(post(base + "/v1/models/churn:predict", row, 401).path("error").asText())
                    .contains("needs its token");
            post(base + "/v1/models/churn:predict", row, "a-wrong-token", 401);
            assertThat(get(base + "/v2/models/churn", 401).path("error").asText())
                    .contains("Authorization: Bearer");
            assertThat(get(base + "/v2/health/live", 200).path("live").asBoolean()).isTrue();
            assertThat(
                            post(base + "/v1/models/churn:predict", row, "the-right-token", 200)
                                    .path("predictions"))
                    .hasSize(1);
        } finally {
            serve.stop();
        }
    }

    @Test
    void theFrontsCallerCredentialOpensItsOwnModelOnlyAndNoOtherCredentialDoes() throws Exception {
        Run run =
                train(
                        contract(
                                SyntheticData.churnCsv(300, 3),
                                "churn",
                                "linear-sgd",
                                "{\"learning_rate\": 0.1, \"epochs\": 2}"));
        assertThat(run.exit()).as(run.output()).isZero();
        dev.knobs.eventing.trust.Credentials credentials =
                new dev.knobs.eventing.trust.Credentials(
                        dev.knobs.eventing.trust.PlatformKey.of(
                                "a25vYnMtdHJhaW5lci10ZXN0LWtleS0zMi1ieXRlcyEhIQ=="));
        ServeCommand serve =
                new ServeCommand(
                                serveEnv(
                                                "onnx",
                                                Map.of(
                                                        TrialEnvironment.MODEL_TOKEN_SHA256,
                                                        Hashes.sha256("the-owners-token"),
                                                        TrialEnvironment.MODEL_CALLER_SHA256,
                                                        Hashes.sha256(
                                                                credentials.modelCaller("churn"))))
                                        ::get)
                        .start();
        try {
            String predict = "http://127.0.0.1:" + serve.port() + "/v1/models/churn:predict";
            String row =
                    "{\"instances\":[{\"age\":30,\"income\":1,\"plan\":\"gold\",\"visits\":3,\"tenure\":2}]}";
            post(predict, row, credentials.modelCaller("churn"), 200);
            post(predict, row, "the-owners-token", 200);
            // another model's caller, the platform's own parts, a model server's credential: no
            for (String stranger :
                    List.of(
                            credentials.modelCaller("another"),
                            credentials.part(dev.knobs.eventing.trust.Credentials.Part.WEB),
                            credentials.modelServer("churn"))) {
                post(predict, row, stranger, 401);
            }
            post(predict, row, 401);
        } finally {
            serve.stop();
        }
    }
}
