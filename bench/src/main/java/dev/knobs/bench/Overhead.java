package dev.knobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The platform's overhead: the packaged embedded platform (front, broker, functions, PostgreSQL —
 * exactly what {@code ./knobs up} runs) runs an experiment of {@code trials} trials whose work is a
 * {@code seconds}-second sleep, {@code parallel} at a time, each a real child process under the
 * trial contract that reports its metric by a {@code name=value} line. Efficiency = ideal wall time
 * (trials × seconds / parallel) / measured wall time from submitting to the last trial's end.
 */
final class Overhead {
    private final Path platformJar;
    private final int trials;
    private final int parallel;
    private final double seconds;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    Overhead(Path platformJar, int trials, int parallel, double seconds) {
        this.platformJar = platformJar.toAbsolutePath();
        this.trials = trials;
        this.parallel = parallel;
        this.seconds = seconds;
    }

    void run() throws Exception {
        if (!Files.isRegularFile(platformJar)) {
            throw new IllegalStateException(
                    platformJar + " is missing: build the platform first (./mvnw package)");
        }
        Path data = Files.createTempDirectory("knobs-overhead");
        Path root = platformJar.getParent().getParent().getParent().getParent();
        int port = freePort();
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-jar",
                                platformJar.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(data.resolve("platform.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KNOBS_HOME", root.toString());
        env.put("KNOBS_DATA_DIR", data.toString());
        env.put("PORT", String.valueOf(port));
        env.put("KNOBS_BROKER_PORT", String.valueOf(freePort()));
        env.put("KNOBS_FUNCTIONS_PORT", String.valueOf(freePort()));
        env.put("KNOBS_GATEWAY_PORT", String.valueOf(freePort()));
        base = "http://localhost:" + port;
        Process platform = builder.start();
        try {
            waitUntilReady(platform, data);
            // a warm-up experiment, so that the measured one meets warm JVMs as in a long-running
            // platform
            measure(Math.min(2 * parallel, trials), data);
            double wall = measure(trials, data);
            double ideal = trials * seconds / parallel;
            System.out.printf(
                    Locale.ROOT,
                    "## Overhead: %d trials of a %.0f-second sleep, %d in parallel (embedded platform)%n%n",
                    trials,
                    seconds,
                    parallel);
            System.out.println("| ideal wall time | measured wall time | efficiency |");
            System.out.println("|---:|---:|---:|");
            System.out.printf(
                    Locale.ROOT,
                    "| %.1f s | %.1f s | %.1f %% |%n%n",
                    ideal,
                    wall,
                    100 * ideal / wall);
        } finally {
            platform.destroy();
            platform.waitFor();
        }
    }

    /** Runs one experiment of {@code n} sleeping trials; returns its wall time in seconds. */
    private double measure(int n, Path data) throws Exception {
        String request =
                Json.MAPPER
                        .createObjectNode()
                        .put("name", "overhead-" + n)
                        .put("algorithm", "custom")
                        .put("searchSpace", "x = 0.0 ~ 1.0")
                        .put("searchAlgorithm", "random")
                        .set(
                                "trainer",
                                Json.MAPPER
                                        .createObjectNode()
                                        .put(
                                                "command",
                                                String.format(
                                                        Locale.ROOT,
                                                        "sleep %s; echo loss=$KNOBS_HP_X",
                                                        seconds)))
                        .toString();
        JsonNode spec = Json.MAPPER.readTree(request);
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec)
                .set(
                        "objective",
                        Json.MAPPER
                                .createObjectNode()
                                .put("metric", "loss")
                                .put("goal", "MINIMIZE"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec)
                .set(
                        "budget",
                        Json.MAPPER
                                .createObjectNode()
                                .put("maxTrials", n)
                                .put("parallelTrials", parallel)
                                .put("maxFailedTrials", 0));
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec)
                .set(
                        "resources",
                        Json.MAPPER
                                .createObjectNode()
                                .put("cpu", 0.1)
                                .put("memoryMb", 128)
                                .put("deadlineSeconds", 60));
        long start = System.nanoTime();
        HttpResponse<String> created =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/experiments"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(spec.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException(
                    "cannot start the experiment: " + created.statusCode() + " " + created.body());
        }
        String id = Json.MAPPER.readTree(created.body()).path("id").asText();
        while (true) {
            JsonNode e =
                    Json.MAPPER.readTree(
                            http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create(
                                                                    base
                                                                            + "/api/experiments/"
                                                                            + id))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body());
            JsonNode t = e.path("trials");
            if (t.path("finished").asInt() >= n) {
                double wall = (System.nanoTime() - start) / 1e9;
                if (t.path("succeeded").asInt() != n) {
                    throw new IllegalStateException(
                            "not every trial succeeded: " + e + " (see " + data + ")");
                }
                return wall;
            }
            if (e.path("status").asText().matches("FAILED|CANCELLED")) {
                throw new IllegalStateException("the experiment ended early: " + e);
            }
            Thread.sleep(50);
        }
    }

    private void waitUntilReady(Process platform, Path data) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!platform.isAlive()) {
                throw new IllegalStateException(
                        "the platform exited; see " + data.resolve("platform.log"));
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the platform did not become ready in 3 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
