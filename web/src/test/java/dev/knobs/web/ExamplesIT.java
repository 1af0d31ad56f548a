package dev.knobs.web;

import static dev.knobs.web.EmbeddedPlatformIT.json;
import static dev.knobs.web.EmbeddedPlatformIT.postJson;
import static dev.knobs.web.EmbeddedPlatformIT.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.PlatformKey;
import dev.knobs.formats.SyntheticData;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two examples in {@code examples/}, each uploaded and tuned by dora — who is no administrator
 * — inside the sandbox on the packaged platform: six trials, two at a time, early stopping by the
 * median rule from the steps they print, the best model served. Its accuracy on held-out rows
 * (another seed of the same generator, never uploaded) must match the leaderboard's best validation
 * accuracy within {@link #TOLERANCE}: the validation set has 800 or more rows and the held-out set
 * 1,000, so sampling alone gives a standard error of about 0.015 on their difference, and the best
 * of six is a little optimistic.
 */
class ExamplesIT {
    static final double TOLERANCE = 0.05;
    static final String USER = "dora";
    static final String PASSWORD = "dora-password-1";
    static final Path EXAMPLES = Path.of("..", "examples");
    static final Path HELPER = Path.of("..", "trainer-image", "python", "knobs.py");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static String token;

    @BeforeAll
    static void start() throws Exception {
        RunningPlatform.start();
        var made = postJson("/api/users", Map.of("username", USER, "password", PASSWORD));
        assertThat(made.statusCode()).as(made.body()).isIn(201, 409);
        token = tokenOf(USER, PASSWORD);
        Process check =
                new ProcessBuilder("/usr/bin/python3", "-c", "import torch, xgboost, numpy")
                        .redirectErrorStream(true)
                        .start();
        String why =
                "the examples need Debian's python3-torch and python3-xgboost (apt-get install"
                        + " python3-torch python3-xgboost): "
                        + new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check.waitFor() != 0) {
            assertThat(System.getenv("CI"))
                    .as(why)
                    .isNull(); // never silently green where it must run
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
    }

    @Test
    void thePyTorchMlpIsTunedByAnOrdinaryUserToAServedOnnxModel() throws Exception {
        tuneAndServe(
                "pytorch-mlp",
                4000,
                "learning_rate = 0.0003 ~ 0.03 log\nhidden_units = 8 ~ 48 integer\nepochs = 30");
    }

    @Test
    void theXGBoostTrainerIsTunedByAnOrdinaryUserToAServedJsonModel() throws Exception {
        // rows and rounds enough that a trial lasts seconds: long enough to be stopped early
        tuneAndServe(
                "xgboost",
                8000,
                "learning_rate = 0.005 ~ 0.3 log\nmax_depth = 1 ~ 6\nn_estimators = 1000");
    }

    private void tuneAndServe(String example, int rows, String space) throws Exception {
        String archiveId =
                archive(example, "train.py", EXAMPLES.resolve(example).resolve("train.py"));
        String training = SyntheticData.churnCsv(rows, 41);
        Map<String, Object> request =
                request(
                        example + "-example",
                        archiveId,
                        "python3 train.py",
                        dataset(example, training),
                        space);
        request.put("seed", 5);
        request.put("budget", Map.of("maxTrials", 6, "parallelTrials", 2, "maxFailedTrials", 1));
        request.put("resources", Map.of("cpu", 1, "memoryMb", 1536));
        request.put("earlyStopping", Map.of("rule", "median", "minSteps", 3, "minTrials", 2));
        Instant started = Instant.now();
        Sandboxes sandboxes = new Sandboxes();
        String id = create(request);
        JsonNode experiment;
        try {
            experiment = awaitEnd(id, Duration.ofMinutes(8));
        } finally {
            sandboxes.close();
        }
        assertThat(experiment.path("status").asText())
                .as(experiment.toString())
                .isEqualTo("SUCCEEDED");

        JsonNode trials = json(call("GET", "/api/experiments/" + id + "/trials", null, null), 200);
        assertThat(trials).hasSize(6);
        List<String> states = trials.findValuesAsText("state");
        assertThat(states).as(trials.toString()).contains("PRUNED").doesNotContain("FAILED");
        assertThat(sandboxes.most).as("sandboxes running at once").isEqualTo(2);
        // a pruned trial was stopped where it was judged, not left to run to its end
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).equals("PRUNED")) {
                outputs.add(output(id, trials.get(i).path("id").asText()));
            }
        }
        assertThat(outputs)
                .anySatisfy(
                        o -> assertThat(o).contains("knobs step=").doesNotContain("knobs final"));

        String bestId = experiment.path("best").path("trialId").asText();
        JsonNode best = trials.get(trials.findValuesAsText("id").indexOf(bestId));
        assertThat(best.path("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode top =
                json(call("GET", "/api/experiments/" + id + "/leaderboard", null, null), 200);
        assertThat(top.get(0).path("id").asText()).isEqualTo(bestId);
        double validation = best.path("metrics").path("accuracy").asDouble();
        String url = experiment.path("model").path("url").asText();
        String name = experiment.path("model").path("name").asText();
        double heldOut = servedAccuracy(url, name, training, SyntheticData.churnCsv(1000, 42));
        System.out.printf(
                "examples: %s, 6 trials (%d pruned), 2 at a time, upload to served model in %d s;"
                        + " best validation accuracy %.3f, served held-out accuracy %.3f%n",
                example,
                states.stream().filter("PRUNED"::equals).count(),
                Duration.between(started, Instant.now()).toSeconds(),
                validation,
                heldOut);
        assertThat(heldOut).isCloseTo(validation, org.assertj.core.data.Offset.offset(TOLERANCE));
        assertThat(heldOut).as("better than always 'no'").isGreaterThan(0.75);
    }

    /**
     * The XGBoost example run as an image on a cluster runs it: outside the sandbox, with the HTTP
     * contract a trial's pod gets — the dataset's and the model's URLs, the trial's sink and its
     * own credential, nothing more. The helper downloads the dataset, publishes each step and the
     * end to the front's trial ingress and uploads the JSON model; the platform records the trial
     * from those reports alone and serves the model. (The trial's process on this machine only
     * holds the trial open, as a pod would be running, until the trainer is done.)
     */
    @Test
    void theSameXGBoostTrainerReportsOverHttpAsAnImageOnAClusterWould() throws Exception {
        String hold = archive("hold", "hold.sh", null);
        String training = SyntheticData.churnCsv(3000, 43);
        String datasetId = dataset("over-http", training);
        Map<String, Object> request =
                request(
                        "over-http",
                        hold,
                        "sh hold.sh",
                        datasetId,
                        "learning_rate = 0.1\nmax_depth = 4\nn_estimators = 40");
        request.put("budget", Map.of("maxTrials", 1, "parallelTrials", 1));
        request.put("resources", Map.of("cpu", 1, "memoryMb", 512, "deadlineSeconds", 300));
        request.put("earlyStopping", Map.of("rule", "median"));
        String id = create(request);
        String trialsPath = "/api/experiments/" + id + "/trials";
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                json(call("GET", trialsPath, null, null), 200)
                                        .findValuesAsText("state")
                                        .contains("RUNNING"));
        JsonNode trial = json(call("GET", trialsPath, null, null), 200).get(0);
        String trialId = trial.path("id").asText();

        String key =
                Files.readString(RunningPlatform.dataDir().resolve("secrets/platform.key")).strip();
        String credential =
                new Credentials(PlatformKey.of(key))
                        .trial(trialId, 1, Instant.now().plus(Duration.ofHours(1)));
        String base = RunningPlatform.base();
        Path pod = Files.createTempDirectory("knobs-pod");
        Files.copy(EXAMPLES.resolve("xgboost").resolve("train.py"), pod.resolve("train.py"));
        Files.copy(HELPER, pod.resolve("knobs.py"));
        ProcessBuilder run =
                new ProcessBuilder("/usr/bin/python3", "train.py")
                        .directory(pod.toFile())
                        .redirectErrorStream(true);
        Map<String, String> env = run.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("KNOBS_HPARAMS", trial.path("parameters").toString());
        env.put("KNOBS_EXPERIMENT_ID", id);
        env.put("KNOBS_TRIAL_ID", trialId);
        env.put("KNOBS_OBJECTIVE_METRIC", "accuracy");
        env.put("KNOBS_LABEL_COLUMN", "churn");
        env.put("KNOBS_DATASET_URL", base + "/api/artifacts/datasets/" + datasetId);
        env.put("KNOBS_MODEL_UPLOAD_URL", base + "/api/artifacts/models/" + trialId);
        env.put("KNOBS_ARTIFACT_TOKEN", credential);
        env.put("K_SINK", base + "/api/trial-events");
        env.put("KNOBS_REPORT_PROGRESS", "1");
        Process trainer = run.start();
        String printed =
                new String(trainer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(trainer.waitFor()).as(printed).isZero();
        assertThat(printed).doesNotContain("not sent");
        // the "pod" ends: the process that held the trial open goes (its own end counts no more)
        Path workDir = RunningPlatform.dataDir().resolve("trials").resolve(trialId);
        assertThat(workDir).isDirectory();
        Files.writeString(workDir.resolve("pod-done"), "");

        JsonNode experiment = awaitEnd(id, Duration.ofMinutes(3));
        assertThat(experiment.path("status").asText())
                .as(experiment.toString())
                .isEqualTo("SUCCEEDED");
        JsonNode done = json(call("GET", trialsPath, null, null), 200).get(0);
        assertThat(done.path("state").asText()).isEqualTo("SUCCEEDED");
        // its steps came over HTTP while it trained (every 5 rounds), its result with the end
        assertThat(done.path("lastStep").asLong()).isEqualTo(40);
        double accuracy = done.path("metrics").path("accuracy").asDouble();
        assertThat(printed).contains("knobs final accuracy=" + accuracy);
        double heldOut =
                servedAccuracy(
                        experiment.path("model").path("url").asText(),
                        experiment.path("model").path("name").asText(),
                        training,
                        SyntheticData.churnCsv(1000, 44));
        System.out.printf(
                "examples: over HTTP, validation accuracy %.3f, served held-out accuracy %.3f%n",
                accuracy, heldOut);
        assertThat(heldOut).isCloseTo(accuracy, org.assertj.core.data.Offset.offset(TOLERANCE));
    }

    /** Uploads a trainer archive of one file (with the helper beside it); its id. */
    private static String archive(String name, String file, Path from) throws Exception {
        byte[] content =
                from == null
                        ? "while [ ! -e /work/pod-done ]; do sleep 0.2; done\n"
                                .getBytes(StandardCharsets.UTF_8)
                        : Files.readAllBytes(from);
        byte[] zip = zip(Map.of(file, content, "knobs.py", Files.readAllBytes(HELPER)));
        return json(call("POST", "/api/trainers?name=" + name, "application/zip", zip), 201)
                .path("archiveId")
                .asText();
    }

    private static String dataset(String name, String csv) throws Exception {
        return json(
                        call(
                                "POST",
                                "/api/datasets?name=" + name,
                                "text/csv",
                                csv.getBytes(StandardCharsets.UTF_8)),
                        201)
                .path("id")
                .asText();
    }

    /** An experiment of dora's own code on churn, optimising accuracy. */
    private static Map<String, Object> request(
            String name, String archiveId, String command, String datasetId, String space) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("algorithm", "custom");
        request.put("trainer", Map.of("archiveId", archiveId, "command", command));
        request.put("datasetId", datasetId);
        request.put("labelColumn", "churn");
        request.put("searchSpace", space);
        request.put("objective", Map.of("metric", "accuracy", "goal", "MAXIMIZE"));
        return request;
    }

    private static String create(Map<String, Object> request) throws Exception {
        return json(
                        call(
                                "POST",
                                "/api/experiments",
                                "application/json",
                                Json.MAPPER.writeValueAsBytes(request)),
                        201)
                .path("id")
                .asText();
    }

    /**
     * The held-out rows' accuracy through the served model's Open Inference Protocol endpoint: one
     * FP32 tensor per feature as knobs.table() names them (numbers as they are, text one-hot over
     * the values the training rows have), the class with the highest probability.
     */
    static double servedAccuracy(String url, String name, String training, String heldOut)
            throws Exception {
        List<String[]> train = rows(training);
        List<String[]> rows = rows(heldOut);
        String[] header = rows.remove(0);
        train.remove(0);
        int label = header.length - 1;
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int c = 0; c < label; c++) {
            int column = c;
            boolean text = !rows.get(0)[c].matches("-?[0-9.]+");
            List<String> values =
                    text
                            ? new ArrayList<>(
                                    new TreeSet<>(train.stream().map(r -> r[column]).toList()))
                            : List.of("");
            for (String value : values) {
                List<Double> data =
                        rows.stream()
                                .map(
                                        r ->
                                                text
                                                        ? (r[column].equals(value) ? 1.0 : 0.0)
                                                        : Double.parseDouble(r[column]))
                                .toList();
                inputs.add(
                        Map.of(
                                "name",
                                text ? header[c] + "=" + value : header[c],
                                "datatype",
                                "FP32",
                                "shape",
                                List.of(rows.size()),
                                "data",
                                data));
            }
        }
        HttpResponse<String> answer =
                call(
                        "POST",
                        url + "/v2/models/" + name + "/infer",
                        "application/json",
                        Json.MAPPER.writeValueAsBytes(Map.of("inputs", inputs)));
        JsonNode outputs = json(answer, 200).path("outputs");
        JsonNode probabilities = null;
        for (JsonNode o : outputs) {
            probabilities = o.path("name").asText().equals("probabilities") ? o : probabilities;
        }
        assertThat(probabilities).as(outputs.toString()).isNotNull();
        int correct = 0;
        for (int i = 0; i < rows.size(); i++) {
            // classes in sorted order: no, yes
            double yes = probabilities.path("data").get(2 * i + 1).asDouble();
            correct += (yes > 0.5 ? "yes" : "no").equals(rows.get(i)[label]) ? 1 : 0;
        }
        return (double) correct / rows.size();
    }

    private static String output(String experiment, String trial) throws Exception {
        return json(
                        call(
                                "GET",
                                "/api/experiments/" + experiment + "/trials/" + trial + "/output",
                                null,
                                null),
                        200)
                .path("text")
                .asText();
    }

    private static List<String[]> rows(String csv) {
        return new ArrayList<>(csv.lines().map(l -> l.split(",")).toList());
    }

    /**
     * How many sandboxes run an example's trainer at once, sampled every 50 ms from the machine's
     * processes (a trial's start in the API is when it was handed to the launcher, which may queue
     * it).
     */
    static final class Sandboxes implements AutoCloseable {
        volatile int most;
        private volatile boolean done;
        private final Thread sampler = new Thread(this::sample, "sandbox-sampler");

        Sandboxes() {
            sampler.setDaemon(true);
            sampler.start();
        }

        private void sample() {
            while (!done) {
                long now = ProcessHandle.allProcesses().filter(Sandboxes::isTrainer).count();
                most = Math.max(most, (int) now);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** A sandbox's outer bwrap (its inner one, the PID namespace's first, is its child). */
        private static boolean isTrainer(ProcessHandle p) {
            return isBwrap(p)
                    && !p.parent().map(Sandboxes::isBwrap).orElse(false)
                    && String.join(" ", p.info().arguments().orElse(new String[0]))
                            .contains("python3 train.py");
        }

        private static boolean isBwrap(ProcessHandle p) {
            return p.info().command().orElse("").endsWith("/bwrap");
        }

        @Override
        public void close() throws InterruptedException {
            done = true;
            sampler.join();
        }
    }

    private static JsonNode awaitEnd(String id, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () ->
                                List.of("SUCCEEDED", "FAILED", "CANCELLED")
                                        .contains(
                                                json(
                                                                call(
                                                                        "GET",
                                                                        "/api/experiments/" + id,
                                                                        null,
                                                                        null),
                                                                200)
                                                        .path("status")
                                                        .asText()));
        return EmbeddedPlatformIT.unchecked(
                () -> json(call("GET", "/api/experiments/" + id, null, null), 200));
    }

    /** A request as dora, with her API token. */
    static HttpResponse<String> call(String method, String path, String type, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(EmbeddedPlatformIT.uri(path))
                        .header("Authorization", "Bearer " + token)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A person's API token, made with their page login (the cookie and its CSRF token). */
    static String tokenOf(String user, String password) throws Exception {
        HttpResponse<String> login =
                HTTP.send(
                        HttpRequest.newBuilder(EmbeddedPlatformIT.uri("/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "username="
                                                        + user
                                                        + "&password="
                                                        + URLEncoder.encode(
                                                                password, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String cookie =
                login.headers().allValues("Set-Cookie").stream()
                        .filter(c -> c.startsWith("knobs_session="))
                        .findFirst()
                        .orElseThrow()
                        .split(";")[0];
        HttpResponse<String> account =
                HTTP.send(
                        HttpRequest.newBuilder(EmbeddedPlatformIT.uri("/api/account"))
                                .header("Cookie", cookie)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String csrf = json(account, 200).path("csrfToken").asText();
        HttpResponse<String> made =
                HTTP.send(
                        HttpRequest.newBuilder(EmbeddedPlatformIT.uri("/api/tokens"))
                                .header("Cookie", cookie)
                                .header("X-CSRF-Token", csrf)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"name\":\"examples\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return json(made, 201).path("token").asText();
    }
}
