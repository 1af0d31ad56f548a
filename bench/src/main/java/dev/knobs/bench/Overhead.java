package dev.knobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The platform's overhead: the packaged embedded platform (front, broker, functions, PostgreSQL —
 * exactly what {@code ./knobs up} runs) runs an experiment of {@code trials} trials whose work is a
 * {@code seconds}-second sleep, {@code parallel} at a time, each a real child process under the
 * trial contract that reports its metric by a {@code name=value} line. Efficiency = ideal wall time
 * (trials × seconds / parallel) / measured wall time, from submitting the experiment to the moment
 * the platform recorded its last trial's end.
 */
final class Overhead {
    private static final String TOKEN = "knobs_benchmark-admin-token";

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
        // a fresh installation: the first administrator, with an API token for this script (the
        // benchmark's trial is a custom command, which on one machine needs an administrator)
        env.put("KNOBS_ADMIN_PASSWORD", "benchmark-admin");
        env.put("KNOBS_ADMIN_TOKEN", TOKEN);
        base = "http://localhost:" + port;
        Process platform = builder.start();
        try {
            waitUntilReady(platform, data);
            // a warm-up experiment, so that the measured one meets warm JVMs as a long-running
            // platform does
            measure(Math.min(4 * parallel, trials), data);
            double wall = measure(trials, data);
            double ideal = trials * seconds / parallel;
            System.out.printf(
                    Locale.ROOT,
                    "## Overhead: %d trials of a %.0f-second sleep, %d in parallel (embedded"
                            + " platform)%n%n",
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
        ObjectNode spec =
                Json.MAPPER
                        .createObjectNode()
                        .put("name", "overhead-" + n)
                        .put("algorithm", "custom")
                        .put("searchSpace", "x = 0.0 ~ 1.0")
                        .put("searchAlgorithm", "random");
        spec.putObject("trainer")
                .put(
                        "command",
                        String.format(Locale.ROOT, "sleep %s; echo loss=$KNOBS_HP_X", seconds));
        spec.putObject("objective").put("metric", "loss").put("goal", "MINIMIZE");
        spec.putObject("budget")
                .put("maxTrials", n)
                .put("parallelTrials", parallel)
                .put("maxFailedTrials", 0);
        spec.putObject("resources").put("cpu", 0.1).put("memoryMb", 128).put("deadlineSeconds", 60);
        Instant start = Instant.now();
        HttpResponse<String> created =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/experiments"))
                                .header("Authorization", "Bearer " + TOKEN)
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
            // polled slowly: the measurement must not load the machine it measures
            Thread.sleep(500);
            JsonNode e = get("/api/experiments/" + id);
            JsonNode t = e.path("trials");
            if (t.path("finished").asInt() >= n) {
                if (t.path("succeeded").asInt() != n) {
                    throw new IllegalStateException(
                            "not every trial succeeded: " + e + " (see " + data + ")");
                }
                Instant last = Instant.EPOCH;
                for (JsonNode trial : get("/api/experiments/" + id + "/trials")) {
                    Instant end = Instant.parse(trial.path("finishedAt").asText());
                    last = end.isAfter(last) ? end : last;
                }
                return Duration.between(start, last).toMillis() / 1e3;
            }
            if (e.path("status").asText().matches("FAILED|CANCELLED")) {
                throw new IllegalStateException("the experiment ended early: " + e);
            }
        }
    }

    private JsonNode get(String path) throws Exception {
        return Json.MAPPER.readTree(
                http.send(
                                HttpRequest.newBuilder(URI.create(base + path))
                                        .header("Authorization", "Bearer " + TOKEN)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
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
