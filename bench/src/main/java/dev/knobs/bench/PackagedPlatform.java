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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged embedded platform ({@code web/target/quarkus-app}) exactly as {@code ./knobs up}
 * runs it — front, broker, functions, PostgreSQL — on free ports and its own data folder, with a
 * first administrator whose API token the benchmark uses. It can be started again on the same data
 * folder and ports (after a crash).
 */
final class PackagedPlatform implements AutoCloseable {
    static final String TOKEN = "knobs_benchmark-admin-token";

    private final Path jar;
    private final Map<String, String> settings;
    private final Path data;
    private final Map<String, Integer> ports;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int starts;

    PackagedPlatform(Path jar, Path data) throws IOException {
        this(jar, data, Map.of());
    }

    /** A platform with {@code settings} added to its environment. */
    PackagedPlatform(Path jar, Path data, Map<String, String> settings) throws IOException {
        this.settings = Map.copyOf(settings);
        this.jar = jar.toAbsolutePath();
        this.data = data;
        if (!Files.isRegularFile(this.jar)) {
            throw new IllegalStateException(
                    this.jar + " is missing: build the platform first (./mvnw package)");
        }
        this.ports =
                Map.of(
                        "front", freePort(),
                        "broker", freePort(),
                        "functions", freePort(),
                        "gateway", freePort(),
                        "metrics", freePort(),
                        "functions-metrics", freePort());
    }

    /** Starts it (again) and waits until it is ready; answers how long that took. */
    Duration start() throws Exception {
        long t0 = System.nanoTime();
        Path root = jar.getParent().getParent().getParent().getParent();
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-jar",
                                jar.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        data.resolve("platform.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("KNOBS_HOME", root.toString());
        env.put("KNOBS_DATA_DIR", data.toString());
        env.put("PORT", String.valueOf(ports.get("front")));
        env.put("KNOBS_BROKER_PORT", String.valueOf(ports.get("broker")));
        env.put("KNOBS_FUNCTIONS_PORT", String.valueOf(ports.get("functions")));
        env.put("KNOBS_GATEWAY_PORT", String.valueOf(ports.get("gateway")));
        env.put("KNOBS_METRICS_PORT", String.valueOf(ports.get("metrics")));
        env.put("KNOBS_FUNCTIONS_METRICS_PORT", String.valueOf(ports.get("functions-metrics")));
        // a fresh installation: the first administrator, with an API token for this script
        env.put("KNOBS_ADMIN_PASSWORD", "benchmark-admin");
        env.put("KNOBS_ADMIN_TOKEN", TOKEN);
        env.putAll(settings);
        process = builder.start();
        starts++;
        waitUntilReady();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** The front's process. */
    ProcessHandle front() {
        return process.toHandle();
    }

    /** The front, everything it started, and PostgreSQL (which runs detached). */
    List<ProcessHandle> everything() {
        List<ProcessHandle> all = new ArrayList<>();
        if (process != null) {
            all.add(process.toHandle());
            process.toHandle().descendants().forEach(all::add);
        }
        database().filter(p -> !all.contains(p)).ifPresent(all::add);
        return all;
    }

    java.util.Optional<ProcessHandle> database() {
        try {
            Path pid = data.resolve("postgres/postmaster.pid");
            return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** {@code kill -9} of every process of the platform at once, as a power cut would. */
    void killEverything() throws InterruptedException {
        List<ProcessHandle> all = everything();
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().completeOnTimeout(p, 10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    String base() {
        return "http://localhost:" + ports.get("front");
    }

    Path data() {
        return data;
    }

    int starts() {
        return starts;
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base() + path))
                                .header("Authorization", "Bearer " + TOKEN)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    /** Uploads a CSV dataset as {@code name}; answers its id. */
    String dataset(String name, CharSequence csv) throws Exception {
        HttpResponse<String> r =
                post(
                        "/api/datasets?name=" + name,
                        "text/csv",
                        csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("cannot upload the dataset: " + r.body());
        }
        return Json.MAPPER.readTree(r.body()).path("id").asText();
    }

    /** A JSON call to the API ({@code PUT}, {@code DELETE}, ...); answers the status and body. */
    HttpResponse<String> send(String method, String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A file from the API, such as a model version's. */
    byte[] download(String path) throws Exception {
        HttpResponse<byte[]> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base() + path))
                                .header("Authorization", "Bearer " + TOKEN)
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Posts to the API; answers the status and the body. */
    HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", type)
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void waitUntilReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the platform exited; see " + data.resolve("platform.log"));
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(base() + "/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the platform did not become ready in 3 minutes");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
