package dev.knobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import dev.knobs.trainer.serve.Datatype;
import dev.knobs.trainer.serve.LoadedModel;
import dev.knobs.trainer.serve.Tensor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * {@code bench/run serving}: the serving paths side by side in one run, for a 20-feature linear
 * model exported to ONNX and a 100-tree XGBoost model, both trained by Knobs on the packaged
 * embedded platform: the model in-process on one thread (no HTTP), the model server called
 * directly, and through the model gateway, each at 1, 16 and 64 connections ({@code wrk}); then
 * cold starts from zero through the gateway (10 cycles) and a herd of 50 simultaneous first
 * requests. Prints Markdown tables and the goals.
 */
final class Serving {
    private static final int FEATURES = 20;
    private static final int[] CONNECTIONS = {1, 16, 64};

    private final Path jar;
    private final int seconds;
    private final HttpClient http = HttpClient.newHttpClient();

    Serving(Path jar, int seconds) {
        this.jar = jar;
        this.seconds = seconds;
    }

    /** A model as served: its name, its files' format, its gateway URL and direct server. */
    record Model(String label, String name, String format, String gatewayUrl, byte[] file) {}

    void run() throws Exception {
        Path work = Files.createTempDirectory("knobs-serving");
        try (PackagedPlatform platform = new PackagedPlatform(jar, work.resolve("data"))) {
            Files.createDirectories(work.resolve("data"));
            platform.start();
            String dataset = dataset(platform);
            List<Model> models =
                    List.of(
                            train(
                                    platform,
                                    dataset,
                                    "ONNX (linear, 20 features)",
                                    "linear-sgd",
                                    "learning_rate in [0.05]\nepochs in [3]"),
                            train(
                                    platform,
                                    dataset,
                                    "XGBoost (100 trees)",
                                    "xgboost",
                                    "n_estimators in [100]\nmax_depth in [6]"));
            String body = request();
            System.out.printf(
                    Locale.ROOT,
                    "## Serving%n%n%d s per wrk run after a warm-up, wrk and the servers sharing %d cores%n%n"
                            + "| model | path | connections | requests/s | p50 | p99 | of in-process |%n"
                            + "|---|---|---:|---:|---:|---:|---:|%n",
                    seconds,
                    Runtime.getRuntime().availableProcessors());
            List<String> goals = new ArrayList<>();
            List<String> heldRows = new ArrayList<>();
            for (Model m : models) {
                double inProcess = inProcess(m);
                System.out.printf(
                        Locale.ROOT,
                        "| %s | in-process, one thread | — | %,.0f | — | — | 1.00 |%n",
                        m.label(),
                        inProcess);
                Path file = Files.write(work.resolve(m.name() + "." + m.format()), m.file());
                Process direct = directServer(m, file);
                try {
                    String directUrl =
                            "http://127.0.0.1:" + directPort + "/v2/models/" + m.name() + "/infer";
                    String gatewayUrl = m.gatewayUrl() + "/v2/models/" + m.name() + "/infer";
                    Path script = Files.writeString(work.resolve("post.lua"), Loads.lua(body));
                    Loads.wrk(directUrl, script, 16, 3);
                    Loads.wrk(gatewayUrl, script, 16, 3);
                    int rate = m.format().equals("onnx") ? 15_000 : 10_000;
                    Path json = Files.writeString(work.resolve("body.json"), body);
                    Loads.Load held = Loads.held(directUrl, json, rate, seconds);
                    Loads.Load heldGateway = Loads.held(gatewayUrl, json, rate, seconds);
                    heldRows.add(heldRow(m.label(), "model server, direct", rate, held));
                    heldRows.add(heldRow(m.label(), "through the gateway", rate, heldGateway));
                    if (m.format().equals("onnx")) {
                        goals.add(
                                String.format(
                                        Locale.ROOT,
                                        "ONNX model server held at %,.0f requests/s over 16 connections: p99 %.2f ms (goal ≤ 3 ms at ≥ 15,000/s)",
                                        held.rps(),
                                        held.p99()));
                    }
                    for (int c : CONNECTIONS) {
                        Loads.Load d = Loads.wrk(directUrl, script, c, seconds);
                        Loads.Load g = Loads.wrk(gatewayUrl, script, c, seconds);
                        row(m.label(), "model server, direct", c, d, inProcess);
                        row(m.label(), "through the gateway", c, g, inProcess);
                        goals.add(
                                String.format(
                                        Locale.ROOT,
                                        "%s, %d connections: gateway %.2f of direct (goal ≥ 0.80)",
                                        m.label(),
                                        c,
                                        g.rps() / d.rps()));
                        if (c == 16) {
                            goals.add(
                                    m.format().equals("onnx")
                                            ? String.format(
                                                    Locale.ROOT,
                                                    "ONNX model server at 16 connections: %,.0f requests/s (goal ≥ 15,000), p99 %.2f ms (goal ≤ 3 ms)",
                                                    d.rps(),
                                                    d.p99())
                                            : String.format(
                                                    Locale.ROOT,
                                                    "XGBoost model server at 16 connections: %,.0f requests/s (goal ≥ 10,000)",
                                                    d.rps()));
                        }
                    }
                } finally {
                    direct.destroy();
                    direct.waitFor();
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%n| model | path | rate asked (hey, 16 connections) | achieved | p50 | p99 |%n"
                            + "|---|---|---:|---:|---:|---:|%n");
            heldRows.forEach(System.out::println);
            coldStarts(platform, models.get(0), body, goals);
            System.out.printf("%n### Goals%n%n");
            goals.forEach(g -> System.out.println("- " + g));
            System.out.println();
        }
    }

    private static String heldRow(String model, String path, int rate, Loads.Load l) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %,d/s | %,.0f/s | %.1f ms | %.1f ms |",
                model,
                path,
                rate,
                l.rps(),
                l.p50(),
                l.p99());
    }

    private static void row(String model, String path, int c, Loads.Load l, double inProcess) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %d | %,.0f | %.2f ms | %.2f ms | %.2f |%n",
                model,
                path,
                c,
                l.rps(),
                l.p50(),
                l.p99(),
                l.rps() / inProcess);
    }

    /** 3,000 rows of 20 numeric features and a label that depends on them. */
    static String dataset(PackagedPlatform platform) throws Exception {
        Random r = new Random(7);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < FEATURES; i++) {
            csv.append("f").append(i).append(',');
        }
        csv.append("label\n");
        for (int row = 0; row < 3000; row++) {
            double z = 0;
            for (int i = 0; i < FEATURES; i++) {
                double x = r.nextGaussian();
                z += (i % 3 - 1) * x;
                csv.append(String.format(Locale.ROOT, "%.4f,", x));
            }
            csv.append(z + 0.5 * r.nextGaussian() > 0 ? "yes" : "no").append('\n');
        }
        return platform.dataset("serving.csv", csv);
    }

    /** One trial of {@code algorithm} on the platform; its model, served by the gateway. */
    private Model train(
            PackagedPlatform platform, String dataset, String label, String algorithm, String space)
            throws Exception {
        ObjectNode spec =
                Json.MAPPER
                        .createObjectNode()
                        .put("name", "serving-" + algorithm)
                        .put("datasetId", dataset)
                        .put("labelColumn", "label")
                        .put("algorithm", algorithm)
                        .put("searchSpace", space);
        spec.putObject("budget").put("maxTrials", 1).put("parallelTrials", 1);
        HttpResponse<String> created =
                platform.post(
                        "/api/experiments",
                        "application/json",
                        spec.toString().getBytes(StandardCharsets.UTF_8));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("cannot start " + algorithm + ": " + created.body());
        }
        String id = Json.MAPPER.readTree(created.body()).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            JsonNode e = platform.get("/api/experiments/" + id);
            String status = e.path("status").asText();
            if (status.equals("SUCCEEDED") && e.path("model").hasNonNull("url")) {
                String name = e.path("model").path("name").asText();
                JsonNode m = platform.get("/api/models/" + name);
                byte[] file = platform.download("/api/models/" + name + "/versions/1/file");
                return new Model(
                        label, name, m.path("format").asText(), m.path("url").asText(), file);
            }
            if (status.matches("FAILED|CANCELLED") || System.nanoTime() > deadline) {
                throw new IllegalStateException(algorithm + " did not publish a model: " + e);
            }
            Thread.sleep(500);
        }
    }

    /** One row of the 20 features as V2 tensors: what every request sends. */
    private static String request() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        var inputs = body.putArray("inputs");
        for (int i = 0; i < FEATURES; i++) {
            ObjectNode t = inputs.addObject().put("name", "f" + i).put("datatype", "FP32");
            t.putArray("shape").add(1);
            t.putArray("data").add(0.1 * (i - 10));
        }
        return body.toString();
    }

    /** The same model's inferences per second on one thread, with no HTTP and no JSON. */
    private static double inProcess(Model m) throws Exception {
        try (LoadedModel loaded = LoadedModel.load(m.file(), m.format())) {
            List<Tensor> row = new ArrayList<>();
            for (int i = 0; i < FEATURES; i++) {
                row.add(
                        new Tensor(
                                "f" + i,
                                Datatype.FP32,
                                new long[] {1},
                                new double[] {0.1 * (i - 10)}));
            }
            for (int i = 0; i < 20_000; i++) {
                loaded.infer(row);
            }
            long n = 0;
            long start = System.nanoTime();
            long end = start + 3_000_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    loaded.infer(row);
                }
                n += 1000;
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    private int directPort;

    /** The model server on its own, with the JVM options the gateway starts it with. */
    private Process directServer(Model m, Path file) throws Exception {
        directPort = PackagedPlatform.freePort();
        Path trainer =
                jar.toAbsolutePath()
                        .getParent()
                        .getParent()
                        .getParent()
                        .getParent()
                        .resolve("trainer-image/target/trainer/knobs-trainer.jar");
        ProcessBuilder b =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-XX:+UseSerialGC",
                                "-Xmx512m",
                                "-Xss512k",
                                "-jar",
                                trainer.toString(),
                                "serve")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = b.environment();
        env.put("KNOBS_MODEL_NAME", m.name());
        env.put("KNOBS_MODEL_VERSION", "1");
        env.put("KNOBS_MODEL_URL", file.toUri().toString());
        env.put("KNOBS_MODEL_FORMAT", m.format());
        env.put("KNOBS_HOST", "127.0.0.1");
        env.put("PORT", String.valueOf(directPort));
        Process p = b.start();
        URI ready = URI.create("http://127.0.0.1:" + directPort + "/v2/health/ready");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(ready).build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return p;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the model server did not become ready");
    }

    /**
     * Scale-from-zero cycles through the gateway: the model's own scale-down delay set to one
     * second, each cycle waits until it is scaled to zero and times one request; then a herd of 50
     * first requests at once, which must cause one start and get 50 answers.
     */
    private void coldStarts(PackagedPlatform platform, Model m, String body, List<String> goals)
            throws Exception {
        HttpResponse<String> set =
                platform.send(
                        "PUT",
                        "/api/models/" + m.name() + "/scaling",
                        "{\"minScale\": 0, \"scaleDownDelaySeconds\": 1}");
        if (set.statusCode() != 200) {
            throw new IllegalStateException("cannot set the scaling: " + set.body());
        }
        String infer = m.gatewayUrl() + "/v2/models/" + m.name() + "/infer";
        double[] ms = new double[10];
        for (int i = 0; i < ms.length; i++) {
            awaitScaledToZero(m.gatewayUrl());
            long t0 = System.nanoTime();
            HttpResponse<String> r = post(infer, body);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(
                        "a cold start answered " + r.statusCode() + " " + r.body());
            }
        }
        Arrays.sort(ms);
        double p50 = (ms[4] + ms[5]) / 2;
        double p95 = ms[9];
        awaitScaledToZero(m.gatewayUrl());
        int before = status(m.gatewayUrl()).path("coldStarts").asInt();
        long t0 = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> herd = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            herd.add(
                    http.sendAsync(
                            HttpRequest.newBuilder(URI.create(infer))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        int answered = 0;
        for (var f : herd) {
            answered += f.get().statusCode() == 200 ? 1 : 0;
        }
        double herdMs = (System.nanoTime() - t0) / 1e6;
        int starts = status(m.gatewayUrl()).path("coldStarts").asInt() - before;
        System.out.printf(
                Locale.ROOT,
                "%n| cold start through the gateway (%s, 10 cycles) | p50 | p95 |%n|---|---:|---:|%n| first request after scale to zero | %.0f ms | %.0f ms |%n"
                        + "%n| herd of 50 simultaneous first requests | starts | answered 200 | last answer after |%n|---|---:|---:|---:|%n| %s | %d | %d | %.0f ms |%n",
                m.label(),
                p50,
                p95,
                m.label(),
                starts,
                answered,
                herdMs);
        goals.add(String.format(Locale.ROOT, "cold start p95 %.0f ms (goal ≤ 1,000 ms)", p95));
        goals.add(
                String.format(
                        Locale.ROOT,
                        "herd of 50: %d start, %d answers (goal: 1 and 50)",
                        starts,
                        answered));
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status(String url) throws Exception {
        return Json.MAPPER.readTree(
                http.send(
                                HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private void awaitScaledToZero(String url) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!status(url).path("state").asText().equals("scaled-to-zero")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the model did not scale to zero within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
