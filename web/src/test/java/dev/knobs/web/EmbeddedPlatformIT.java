package dev.knobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import dev.knobs.formats.SyntheticData;
import dev.knobs.trainer.OnnxModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on the embedded default, as a person runs it: the packaged front ({@code ./knobs up}
 * runs the same jar) starts PostgreSQL, the broker and the functions; the test drives it over HTTP
 * only. Tolerance for served accuracy vs. the leaderboard: {@value #ACCURACY_TOLERANCE} (the
 * validation split has 300 rows, the held-out set 1,000: one standard error is about 0.012).
 */
class EmbeddedPlatformIT {
    static final double ACCURACY_TOLERANCE = 0.05;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The administrator's API token (the suite runs custom trainers, which needs one). */
    static final String TOKEN = RunningPlatform.TOKEN;

    static Path dataDir;

    @BeforeAll
    static void startPlatform() throws Exception {
        RunningPlatform.start();
        dataDir = RunningPlatform.dataDir();
    }

    @Test
    void tunesAndServesABuiltInModelWhoseServedAccuracyMatchesTheLeaderboard() throws Exception {
        JsonNode dataset =
                json(
                        post(
                                "/api/datasets?name=churn",
                                "text/csv",
                                SyntheticData.churnCsv(1500, 21).getBytes()),
                        201);
        Instant started = Instant.now();
        JsonNode created =
                json(
                        postJson(
                                "/api/experiments",
                                Map.of(
                                        "name",
                                        "churn",
                                        "datasetId",
                                        dataset.path("id").asText(),
                                        "labelColumn",
                                        "churn",
                                        "algorithm",
                                        "xgboost",
                                        "searchSpace",
                                        "learning_rate = 0.03 ~ 0.3 log\nmax_depth를 2~6으로 해줘\nn_estimators in [30, 60, 90]",
                                        "budget",
                                        Map.of(
                                                "maxTrials",
                                                12,
                                                "parallelTrials",
                                                3,
                                                "maxFailedTrials",
                                                2))),
                        201);
        String id = created.path("id").asText();

        JsonNode experiment = awaitStatus(id, "SUCCEEDED", Duration.ofMinutes(6));
        System.out.printf(
                "e2e: 12 trials, 3 in parallel, upload to published model in %d s%n",
                Duration.between(started, Instant.now()).toSeconds());
        assertThat(experiment.path("trials").path("finished").asInt()).isEqualTo(12);
        assertThat(experiment.path("trials").path("succeeded").asInt()).isEqualTo(12);

        JsonNode trials = json(get("/api/experiments/" + id + "/trials"), 200);
        assertThat(trials).hasSize(12);
        assertThat(json(get("/api/experiments/" + id + "/leaderboard"), 200)).hasSize(10);
        JsonNode top = json(get("/api/experiments/" + id + "/leaderboard?limit=12"), 200);
        assertThat(top).hasSize(12);
        List<Double> values = new ArrayList<>();
        top.forEach(t -> values.add(t.path("objectiveValue").asDouble()));
        assertThat(values).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(top.findValuesAsText("rank"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        double reported = top.get(0).path("metrics").path("accuracy").asDouble();
        assertThat(top.get(0).path("id").asText())
                .isEqualTo(experiment.path("best").path("trialId").asText());

        String url = experiment.path("model").path("url").asText();
        String name = experiment.path("model").path("name").asText();
        JsonNode notifications = json(get("/api/notifications?limit=500"), 200);
        assertThat(notifications.findValuesAsText("url")).contains("#model/" + name);
        assertThat(notifications.findValuesAsText("message"))
                .anySatisfy(m -> assertThat(m).contains("is served at " + url));

        double served = servedAccuracy(url, name, SyntheticData.churnCsv(1000, 99));
        System.out.printf(
                "e2e: leaderboard accuracy %.4f, served accuracy on 1,000 held-out rows %.4f%n",
                reported, served);
        assertThat(served)
                .isCloseTo(reported, org.assertj.core.data.Offset.offset(ACCURACY_TOLERANCE));

        // V2 metadata and inference by named input columns
        JsonNode meta = json(get(url + "/v2/models/" + name), 200);
        assertThat(meta.path("inputs").findValuesAsText("name"))
                .containsExactly("age", "income", "plan", "visits", "tenure");
        JsonNode v2 =
                json(
                        postJson(
                                url + "/v2/models/" + name + "/infer",
                                Map.of(
                                        "inputs",
                                        List.of(
                                                Map.of(
                                                        "name",
                                                        "age",
                                                        "datatype",
                                                        "FP32",
                                                        "shape",
                                                        List.of(1),
                                                        "data",
                                                        List.of(20)),
                                                Map.of(
                                                        "name",
                                                        "income",
                                                        "datatype",
                                                        "FP32",
                                                        "shape",
                                                        List.of(1),
                                                        "data",
                                                        List.of(20000)),
                                                Map.of(
                                                        "name",
                                                        "plan",
                                                        "datatype",
                                                        "BYTES",
                                                        "shape",
                                                        List.of(1),
                                                        "data",
                                                        List.of("gold")),
                                                Map.of(
                                                        "name",
                                                        "visits",
                                                        "datatype",
                                                        "FP32",
                                                        "shape",
                                                        List.of(1),
                                                        "data",
                                                        List.of(30)),
                                                Map.of(
                                                        "name",
                                                        "tenure",
                                                        "datatype",
                                                        "FP32",
                                                        "shape",
                                                        List.of(1),
                                                        "data",
                                                        List.of(9.5))))),
                        200);
        assertThat(v2.path("outputs").get(0).path("data").get(0).asText()).isEqualTo("no");

        // scale to zero after the idle time, then a cold start that answers correctly
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> json(get(url), 200).path("state").asText().equals("scaled-to-zero"));
        double again = servedAccuracy(url, name, SyntheticData.churnCsv(200, 7));
        assertThat(again).isGreaterThan(reported - 2 * ACCURACY_TOLERANCE);
        assertThat(json(get(url), 200).path("state").asText()).isEqualTo("warm");
        assertThat(json(get(url), 200).path("coldStarts").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theSamplesInTheRepositoryWorkAsTheReadmeSays() throws Exception {
        Path samples = Path.of("..", "samples");
        JsonNode dataset =
                json(
                        post(
                                "/api/datasets?name=churn",
                                "text/csv",
                                Files.readAllBytes(samples.resolve("churn.csv"))),
                        201);
        assertThat(dataset.path("rows").asInt()).isEqualTo(1200);
        assertThat(dataset.path("profile").path("columns").findValuesAsText("name"))
                .containsExactly("age", "income", "plan", "visits", "tenure", "churn");
        String name = "price-" + Long.toHexString(System.nanoTime());
        json(
                post(
                        "/api/models?name=" + name,
                        "application/octet-stream",
                        Files.readAllBytes(samples.resolve("price.onnx"))),
                202);
        String url = awaitModelUrl(name);
        JsonNode answer =
                json(
                        post(
                                url + "/v2/models/" + name + "/infer",
                                "application/json",
                                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[70,3,12]}]}"
                                        .getBytes()),
                        200);
        assertThat(answer.path("outputs").get(0).path("data").get(0).asDouble())
                .isCloseTo(250.2, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void servesAnUploadedOnnxModel() throws Exception {
        JsonNode accepted =
                json(
                        post(
                                "/api/models?name=linear-e2e",
                                "application/octet-stream",
                                OnnxModels.linear(new float[] {1, 2, 3}, 0.5f)),
                        202);
        assertThat(accepted.path("inputs").get(0).path("name").asText()).isEqualTo("x");
        String url = awaitModelUrl("linear-e2e");
        String infer = url + "/v2/models/linear-e2e/infer";
        JsonNode out = json(postJson(infer, tensor("x", List.of(2, 3), 1, 2, 3, 0, 0, 1)), 200);
        JsonNode y = out.path("outputs").get(0);
        assertThat(y.path("name").asText()).isEqualTo("y");
        assertThat(y.path("data").get(0).asDouble())
                .isCloseTo(14.5, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(y.path("data").get(1).asDouble())
                .isCloseTo(3.5, org.assertj.core.data.Offset.offset(1e-5));
        JsonNode bad = json(postJson(infer, tensor("z", List.of(1, 3), 1, 2, 3)), 400);
        assertThat(bad.path("error").asText()).contains("unknown input 'z'; the inputs are x");

        // its owner makes it need a token: within seconds the endpoint wants it, and answers it
        Map<String, Object> row = tensor("x", List.of(1, 3), 1, 2, 3);
        HttpResponse<String> put =
                send("PUT", "/api/models/linear-e2e/access", Map.of("requireToken", true));
        String token = json(put, 200).path("token").asText();
        assertThat(token).startsWith("knobs_model_");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> postJson(infer, row).statusCode() == 401);
        assertThat(json(postJson(infer, row), 401).path("error").asText())
                .contains("needs its token");
        assertThat(withToken(infer, row, "knobs_model_wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> holder = withToken(infer, row, token);
        assertThat(holder.statusCode()).as(holder.body()).isEqualTo(200);
        assertThat(get(url + "/v2/health/ready").statusCode()).isEqualTo(200);
        assertThat(json(get("/api/models/linear-e2e"), 200).path("tokenRequired").asBoolean())
                .isTrue();
        // the owner's try-it form still reaches it (the front asks with the platform's key)
        HttpResponse<String> tried =
                postJson(
                        "/api/models/linear-e2e/predict",
                        Map.of("instances", List.of(Map.of("x", List.of(1, 2, 3)))));
        assertThat(tried.body()).doesNotContain("needs its token");
        // and opened again, it answers everyone
        json(send("PUT", "/api/models/linear-e2e/access", Map.of("requireToken", false)), 200);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> postJson(infer, row).statusCode() == 200);
    }

    /** A V2 inference request with one FP32 input. */
    static Map<String, Object> tensor(String name, List<Integer> shape, Number... data) {
        return Map.of(
                "inputs",
                List.of(
                        Map.of(
                                "name",
                                name,
                                "datatype",
                                "FP32",
                                "shape",
                                shape,
                                "data",
                                List.of(data))));
    }

    static HttpResponse<String> send(String method, String path, Object body)
            throws IOException, InterruptedException {
        return HTTP.send(
                signedIn(HttpRequest.newBuilder(uri(path)), path)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                HttpRequest.BodyPublishers.ofByteArray(
                                        Json.MAPPER.writeValueAsBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> withToken(String url, Object body, String token)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri(url))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(
                                HttpRequest.BodyPublishers.ofByteArray(
                                        Json.MAPPER.writeValueAsBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void runsACustomTrainerThatPrintsItsMetricAndLeavesAnOnnxModel() throws Exception {
        byte[] zip =
                zip(
                        Map.of(
                                "train.sh",
                                        ("#!/bin/sh\n"
                                                        + "# a custom trainer: the hyperparameter arrives as KNOBS_HP_X, the metric leaves as a name=value line\n"
                                                        + "awk -v x=\"$KNOBS_HP_X\" 'BEGIN { printf \"score=%.6f\\n\", 1 - (x - 0.3) * (x - 0.3) }'\n"
                                                        + "grep Cpus_allowed_list /proc/self/status\n"
                                                        + "cp linear.onnx model.onnx\n")
                                                .getBytes(StandardCharsets.UTF_8),
                                "linear.onnx", OnnxModels.linear(new float[] {2, 0}, 1f)));
        JsonNode archive = json(post("/api/trainers?name=quadratic", "application/zip", zip), 201);
        JsonNode created =
                json(
                        postJson(
                                "/api/experiments",
                                Map.of(
                                        "name",
                                        "custom",
                                        "algorithm",
                                        "custom",
                                        "trainer",
                                        Map.of(
                                                "archiveId",
                                                archive.path("archiveId").asText(),
                                                "command",
                                                "sh train.sh"),
                                        "searchSpace",
                                        "x = 0.0 ~ 1.0",
                                        "searchAlgorithm",
                                        "grid",
                                        "objective",
                                        Map.of("metric", "score", "goal", "MAXIMIZE"),
                                        "budget",
                                        Map.of(
                                                "maxTrials",
                                                5,
                                                "parallelTrials",
                                                2,
                                                "maxFailedTrials",
                                                1))),
                        201);
        JsonNode experiment =
                awaitStatus(created.path("id").asText(), "SUCCEEDED", Duration.ofMinutes(3));
        JsonNode top =
                json(get("/api/experiments/" + created.path("id").asText() + "/leaderboard"), 200);
        assertThat(top).hasSize(5);
        // each trial ran on the one core its CPU asked for (pinned), when the machine has more
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertThat(top.findValuesAsText("logTail"))
                    .allSatisfy(
                            log ->
                                    assertThat(log)
                                            .containsPattern("Cpus_allowed_list:\\s+\\d+\\s*$"));
        }
        assertThat(top.get(0).path("parameters").path("x").asDouble()).isEqualTo(0.25);
        assertThat(top.get(0).path("metrics").path("score").asDouble())
                .isCloseTo(0.9975, org.assertj.core.data.Offset.offset(1e-6));
        String url = experiment.path("model").path("url").asText();
        String name = experiment.path("model").path("name").asText();
        JsonNode out =
                json(
                        postJson(
                                url + "/v2/models/" + name + "/infer",
                                Map.of(
                                        "inputs",
                                        List.of(
                                                Map.of(
                                                        "name",
                                                        "x",
                                                        "datatype",
                                                        "FP32",
                                                        "shape",
                                                        List.of(1, 2),
                                                        "data",
                                                        List.of(3, 7))))),
                        200);
        assertThat(out.path("outputs").get(0).path("data").get(0).asDouble())
                .isCloseTo(7.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    // ---- helpers ----------------------------------------------------------------------------

    static double servedAccuracy(String url, String name, String csv) throws Exception {
        List<String> lines = csv.lines().toList();
        String[] header = lines.get(0).split(",");
        List<Map<String, Object>> instances = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.length - 1; i++) {
                row.put(
                        header[i],
                        header[i].equals("plan") ? cells[i] : Double.parseDouble(cells[i]));
            }
            instances.add(row);
            labels.add(cells[header.length - 1]);
        }
        JsonNode predictions =
                json(
                                postJson(
                                        url + "/v1/models/" + name + ":predict",
                                        Map.of("instances", instances)),
                                200)
                        .path("predictions");
        int correct = 0;
        for (int i = 0; i < labels.size(); i++) {
            correct += predictions.get(i).path("label").asText().equals(labels.get(i)) ? 1 : 0;
        }
        return (double) correct / labels.size();
    }

    /**
     * Uploads a synthetic churn dataset of {@code rows} rows and starts an XGBoost experiment on it
     * over {@code space} with {@code trials} trials, {@code parallel} at a time; answers its id.
     */
    static String startExperiment(String name, int rows, String space, int trials, int parallel)
            throws Exception {
        String dataset =
                json(
                                post(
                                        "/api/datasets?name=" + name,
                                        "text/csv",
                                        SyntheticData.churnCsv(rows, 9).getBytes()),
                                201)
                        .path("id")
                        .asText();
        Map<String, Object> experiment =
                Map.of(
                        "name",
                        name,
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "churn",
                        "algorithm",
                        "xgboost",
                        "searchSpace",
                        space,
                        "budget",
                        Map.of("maxTrials", trials, "parallelTrials", parallel));
        return json(postJson("/api/experiments", experiment), 201).path("id").asText();
    }

    static JsonNode awaitStatus(String id, String status, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            String now =
                                    json(get("/api/experiments/" + id), 200)
                                            .path("status")
                                            .asText();
                            assertThat(now)
                                    .as(
                                            "experiment %s: %s",
                                            id, json(get("/api/experiments/" + id), 200))
                                    .isNotIn("FAILED", "CANCELLED");
                            return now.equals(status);
                        });
        return unchecked(() -> json(get("/api/experiments/" + id), 200));
    }

    static String awaitModelUrl(String name) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/models/" + name).statusCode() == 200);
        return unchecked(() -> json(get("/api/models/" + name), 200).path("url").asText());
    }

    interface Call<T> {
        T call() throws Exception;
    }

    static <T> T unchecked(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                signedIn(HttpRequest.newBuilder(uri(path)), path).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String type, byte[] body)
            throws IOException, InterruptedException {
        return HTTP.send(
                signedIn(HttpRequest.newBuilder(uri(path)), path)
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postJson(String path, Object body)
            throws IOException, InterruptedException {
        return post(path, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode())
                .as(response.uri() + " answered " + response.body())
                .isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }

    /** The platform's API with the token; a model endpoint (an absolute URL) without. */
    static HttpRequest.Builder signedIn(HttpRequest.Builder request, String path) {
        return path.startsWith("http")
                ? request
                : request.header("Authorization", "Bearer " + TOKEN);
    }

    static URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : RunningPlatform.base() + path);
    }

    static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
