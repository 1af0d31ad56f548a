package dev.knobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged embedded platform ({@code web/target/quarkus-app}) as a user starts it, once for the
 * end-to-end suites of one JVM (the API suite and the browser suite), on free ports and a fresh
 * data folder; stopped when the JVM ends. Its first administrator has the API token {@link #TOKEN}.
 */
final class RunningPlatform {
    static final String TOKEN = "knobs_end-to-end-admin-token";

    private static Process platform;
    private static String base;
    private static Path dataDir;
    private static Map<String, Integer> ports;

    private RunningPlatform() {}

    /** Starts it unless it runs; answers its base URL. */
    static synchronized String start() throws Exception {
        if (platform != null) {
            return base;
        }
        dataDir = Files.createTempDirectory("knobs-e2e");
        Path root = Path.of("..").toAbsolutePath().normalize();
        int port = EmbeddedPlatformIT.freePort();
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-jar",
                                root.resolve("web/target/quarkus-app/quarkus-run.jar").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dataDir.resolve("web.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KNOBS_HOME", root.toString());
        env.put("KNOBS_DATA_DIR", dataDir.toString());
        env.put("PORT", String.valueOf(port));
        ports =
                Map.of(
                        "front", port,
                        "broker", EmbeddedPlatformIT.freePort(),
                        "functions", EmbeddedPlatformIT.freePort(),
                        "gateway", EmbeddedPlatformIT.freePort());
        env.put("KNOBS_BROKER_PORT", String.valueOf(ports.get("broker")));
        env.put("KNOBS_FUNCTIONS_PORT", String.valueOf(ports.get("functions")));
        env.put("KNOBS_GATEWAY_PORT", String.valueOf(ports.get("gateway")));
        env.put("KNOBS_MODEL_IDLE_TIMEOUT", "PT4S");
        env.put("KNOBS_ADMIN_PASSWORD", "end-to-end-admin");
        env.put("KNOBS_ADMIN_TOKEN", TOKEN);
        platform = builder.start();
        base = "http://localhost:" + port;
        Process started = platform;
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    started.destroy();
                                    try {
                                        started.waitFor();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }));
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            assertThat(started.isAlive())
                                    .as("the platform exited; see " + dataDir.resolve("web.log"))
                                    .isTrue();
                            try {
                                return http.send(
                                                        HttpRequest.newBuilder(
                                                                        URI.create(
                                                                                base
                                                                                        + "/q/health/ready"))
                                                                .build(),
                                                        HttpResponse.BodyHandlers.discarding())
                                                .statusCode()
                                        == 200;
                            } catch (IOException e) {
                                return false;
                            }
                        });
        return base;
    }

    static String base() {
        return base;
    }

    static Path dataDir() {
        return dataDir;
    }

    /** The ports it was given: front, broker, functions, gateway. */
    static Map<String, Integer> ports() {
        return ports;
    }

    /** The front's process (the platform's other processes descend from it). */
    static ProcessHandle process() {
        return platform.toHandle();
    }
}
