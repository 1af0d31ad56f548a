package dev.knobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.knobs.eventing.Json;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook latency on the packaged embedded platform: a subscription to a receiver on this machine,
 * {@code experiments} small experiments ({@code wave} at a time), and for each the time from its
 * end (the {@code time} of its {@code experiment-finished} event, stamped in the transaction that
 * ended it) to the webhook's arrival at the receiver. Prints p50, p95 and the worst, and the same
 * for every event of those experiments.
 */
final class Webhooks {
    private final Path jar;
    private final int experiments;
    private final int wave;

    Webhooks(Path jar, int experiments, int wave) {
        this.jar = jar;
        this.experiments = experiments;
        this.wave = wave;
    }

    void run() throws Exception {
        Path work = Files.createTempDirectory("knobs-bench-webhooks");
        Map<String, Double> finished = new ConcurrentHashMap<>();
        List<Double> every = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        receiver.createContext(
                "/",
                ex -> {
                    try (ex) {
                        Instant arrived = Instant.now();
                        JsonNode ce = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
                        double ms =
                                Duration.between(
                                                        OffsetDateTime.parse(
                                                                        ce.path("time").asText())
                                                                .toInstant(),
                                                        arrived)
                                                .toNanos()
                                        / 1e6;
                        every.add(ms);
                        if (ce.path("type").asText().equals("dev.knobs.experiment-finished")) {
                            finished.put(ce.path("subject").asText(), ms);
                        }
                        ex.sendResponseHeaders(204, -1);
                    }
                });
        receiver.start();
        Map<String, String> settings = Map.of("KNOBS_NOTIFICATIONS_ALLOW_PRIVATE_SINKS", "true");
        try (PackagedPlatform platform =
                new PackagedPlatform(jar, work.resolve("data"), settings)) {
            Files.createDirectories(work.resolve("data"));
            platform.start();
            String sink = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            expect(
                    platform.send("POST", "/api/subscriptions", Json.write(Map.of("sink", sink))),
                    201);
            String dataset = Serving.dataset(platform);
            List<String> ids = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int started = 0; started < experiments; started += wave) {
                List<String> batch = new ArrayList<>();
                for (int i = started; i < Math.min(experiments, started + wave); i++) {
                    batch.add(start(platform, dataset, i));
                }
                ids.addAll(batch);
                awaitAll(finished, batch);
            }
            double minutes = (System.nanoTime() - t0) / 6e10;
            print(ids, finished, every, minutes);
        } finally {
            receiver.stop(0);
        }
    }

    private static String start(PackagedPlatform platform, String dataset, int n) throws Exception {
        String body =
                Json.write(
                        Map.of(
                                "name",
                                "hooks-" + n,
                                "datasetId",
                                dataset,
                                "labelColumn",
                                "label",
                                "algorithm",
                                "xgboost",
                                "searchSpace",
                                "max_depth: 2..3\nn_estimators in [10]",
                                "budget",
                                Map.of("maxTrials", 2, "parallelTrials", 2)));
        var r = platform.send("POST", "/api/experiments", body);
        expect(r, 201);
        return Json.MAPPER.readTree(r.body()).path("id").asText();
    }

    private static void expect(java.net.http.HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(
                    r.uri() + " answered " + r.statusCode() + " " + r.body());
        }
    }

    private static void awaitAll(Map<String, Double> finished, List<String> ids)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!finished.keySet().containsAll(ids)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "no experiment-finished webhook for some of " + ids);
            }
            Thread.sleep(50);
        }
    }

    private void print(
            List<String> ids, Map<String, Double> finished, List<Double> every, double minutes) {
        List<Double> ends = new ArrayList<>();
        ids.forEach(id -> ends.add(finished.get(id)));
        System.out.printf(
                Locale.ROOT,
                "%n## Webhooks: from an experiment's end to its webhook%n%n"
                        + "%d experiments (2 xgboost trials each, %d at a time, %.1f min), one"
                        + " subscription to a receiver on this machine.%n%n"
                        + "| events | count | p50 ms | p95 ms | worst ms |%n|---|---:|---:|---:|---:|%n",
                experiments,
                wave,
                minutes);
        row("experiment-finished", ends);
        row("every event of them", new ArrayList<>(every));
        double p95 = percentile(ends, 0.95);
        System.out.printf(
                Locale.ROOT,
                "%nGoal: p95 ≤ 1,000 ms — %s (%.0f ms).%n",
                p95 <= 1000 ? "met" : "NOT met",
                p95);
    }

    private static void row(String what, List<Double> ms) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.0f | %.0f | %.0f |%n",
                what,
                ms.size(),
                percentile(ms, 0.5),
                percentile(ms, 0.95),
                percentile(ms, 1.0));
    }

    static double percentile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
