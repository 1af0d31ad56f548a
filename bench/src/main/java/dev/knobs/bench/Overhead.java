package dev.knobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The platform's overhead: the packaged embedded platform (front, broker, functions, PostgreSQL —
 * exactly what {@code ./knobs up} runs) runs an experiment of {@code trials} trials whose work is a
 * {@code seconds}-second sleep, {@code parallel} at a time, each a real child process under the
 * trial contract that reports its metric by a {@code name=value} line. Efficiency = ideal wall time
 * (trials × seconds / parallel) / measured wall time, from submitting the experiment to the moment
 * the platform recorded its last trial's end.
 */
final class Overhead {
    private final Path platformJar;
    private final int trials;
    private final int parallel;
    private final double seconds;
    private PackagedPlatform platform;

    Overhead(Path platformJar, int trials, int parallel, double seconds) {
        this.platformJar = platformJar.toAbsolutePath();
        this.trials = trials;
        this.parallel = parallel;
        this.seconds = seconds;
    }

    void run() throws Exception {
        Path data = Files.createTempDirectory("knobs-overhead");
        try (PackagedPlatform started = new PackagedPlatform(platformJar, data)) {
            platform = started;
            platform.start();
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
                platform.post(
                        "/api/experiments",
                        "application/json",
                        spec.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (created.statusCode() != 201) {
            throw new IllegalStateException(
                    "cannot start the experiment: " + created.statusCode() + " " + created.body());
        }
        String id = Json.MAPPER.readTree(created.body()).path("id").asText();
        while (true) {
            // polled slowly: the measurement must not load the machine it measures
            Thread.sleep(500);
            JsonNode e = platform.get("/api/experiments/" + id);
            JsonNode t = e.path("trials");
            if (t.path("finished").asInt() >= n) {
                if (t.path("succeeded").asInt() != n) {
                    throw new IllegalStateException(
                            "not every trial succeeded: " + e + " (see " + data + ")");
                }
                Instant last = Instant.EPOCH;
                for (JsonNode trial : platform.get("/api/experiments/" + id + "/trials")) {
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
}
