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
        Started ready = launchReady(dataDir, Map.of());
        ports = ready.ports();
        platform = ready.process();
        base = ready.base();
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
        return base;
    }

    /** Waits until the platform at {@code base} is ready; fails at once if it exited. */
    static void awaitReady(String base, Process platform) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            assertThat(platform.isAlive())
                                    .as("the platform exited; see its web.log")
                                    .isTrue();
                            try {
                                HttpRequest ready =
                                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                                .build();
                                return http.send(ready, HttpResponse.BodyHandlers.discarding())
                                                .statusCode()
                                        == 200;
                            } catch (IOException e) {
                                return false;
                            }
                        });
    }

    /** A platform started and ready, and the ports it got. */
    record Started(Process process, Map<String, Integer> ports, String base) {}

    /**
     * Starts the packaged platform on {@code dataDir} until it is ready, on free ports; when a port
     * it was given was taken meanwhile by something else (ports found free are not reserved), again
     * on others, up to three times.
     */
    static Started launchReady(Path dataDir, Map<String, String> settings) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Map<String, Integer> ports = freePorts();
            Process p = launch(dataDir, ports, settings);
            String base = "http://localhost:" + ports.get("front");
            try {
                awaitReady(base, p);
                return new Started(p, ports, base);
            } catch (AssertionError | RuntimeException e) {
                boolean taken =
                        !p.isAlive()
                                && Files.readString(dataDir.resolve("web.log"))
                                        .contains("Address already in use");
                if (!taken || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Free ports for a platform: front, broker, functions, gateway. */
    static Map<String, Integer> freePorts() throws java.io.IOException {
        return Map.of(
                "front", EmbeddedPlatformIT.freePort(),
                "broker", EmbeddedPlatformIT.freePort(),
                "functions", EmbeddedPlatformIT.freePort(),
                "gateway", EmbeddedPlatformIT.freePort(),
                "metrics", EmbeddedPlatformIT.freePort(),
                "functions-metrics", EmbeddedPlatformIT.freePort());
    }

    /** Starts the packaged platform on {@code dataDir} and {@code ports}, as a user does. */
    static Process launch(Path dataDir, Map<String, Integer> ports) throws java.io.IOException {
        return launch(dataDir, ports, Map.of());
    }

    /** Starts the packaged platform with {@code settings} added to its environment. */
    static Process launch(Path dataDir, Map<String, Integer> ports, Map<String, String> settings)
            throws java.io.IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-jar",
                                root.resolve("web/target/quarkus-app/quarkus-run.jar").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        dataDir.resolve("web.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("KNOBS_HOME", root.toString());
        env.put("KNOBS_DATA_DIR", dataDir.toString());
        env.put("PORT", String.valueOf(ports.get("front")));
        env.put("KNOBS_BROKER_PORT", String.valueOf(ports.get("broker")));
        env.put("KNOBS_FUNCTIONS_PORT", String.valueOf(ports.get("functions")));
        env.put("KNOBS_GATEWAY_PORT", String.valueOf(ports.get("gateway")));
        env.put("KNOBS_METRICS_PORT", String.valueOf(ports.get("metrics")));
        env.put("KNOBS_FUNCTIONS_METRICS_PORT", String.valueOf(ports.get("functions-metrics")));
        env.put("KNOBS_MODEL_IDLE_TIMEOUT", "PT4S");
        env.put("KNOBS_ADMIN_PASSWORD", "end-to-end-admin");
        env.put("KNOBS_ADMIN_TOKEN", TOKEN);
        // the suites' webhook receivers listen on loopback; retries come quickly
        env.put("KNOBS_NOTIFICATIONS_ALLOW_PRIVATE_SINKS", "true");
        env.put("KNOBS_NOTIFICATIONS_RETRY_SCHEDULE", "PT1S,PT1S,PT2S,PT3S,PT5S");
        env.putAll(settings);
        return builder.start();
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
