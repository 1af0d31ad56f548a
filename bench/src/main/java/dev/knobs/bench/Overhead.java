package dev.knobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        double wall = wallTime(platformJar);
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
                Locale.ROOT, "| %.1f s | %.1f s | %.1f %% |%n%n", ideal, wall, 100 * ideal / wall);
    }

    /**
     * This platform and another build of it ({@code baseline}, e.g. an earlier commit's
     * quarkus-run.jar), side by side in one run: alternately, {@code rounds} times each.
     */
    void compare(Path baseline, int rounds) throws Exception {
        double ideal = trials * seconds / parallel;
        List<Double> ours = new java.util.ArrayList<>();
        List<Double> theirs = new java.util.ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            theirs.add(wallTime(baseline.toAbsolutePath()));
            ours.add(wallTime(platformJar));
        }
        System.out.printf(
                Locale.ROOT,
                "## Overhead side by side: %d trials of a %.0f-second sleep, %d in parallel,"
                        + " %d rounds alternating%n%n",
                trials,
                seconds,
                parallel,
                rounds);
        System.out.println("| build | wall times | median | efficiency (median) |");
        System.out.println("|---|---|---:|---:|");
        for (var row :
                List.of(Map.entry("baseline " + baseline, theirs), Map.entry("this build", ours))) {
            double median = median(row.getValue());
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %.1f s | %.1f %% |%n",
                    row.getKey(),
                    row.getValue().stream()
                            .map(v -> String.format(Locale.ROOT, "%.1f s", v))
                            .toList(),
                    median,
                    100 * ideal / median);
        }
        System.out.printf(
                Locale.ROOT,
                "%nRatio of medians, this build / baseline: %.3f%n%n",
                median(ours) / median(theirs));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The measured experiment's wall time on a fresh platform of {@code jar}, after a warm-up. */
    private double wallTime(Path jar) throws Exception {
        Path data = Files.createTempDirectory("knobs-overhead");
        try (PackagedPlatform started = new PackagedPlatform(jar, data)) {
            platform = started;
            platform.start();
            // a warm-up experiment, so that the measured one meets warm JVMs as a long-running
            // platform does
            measure(Math.min(4 * parallel, trials), data);
            return measure(trials, data);
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
