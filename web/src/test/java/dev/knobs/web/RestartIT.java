package dev.knobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The platform watches its parts: killing the front ({@code kill -9}) leaves nothing of it running
 * or holding a port but PostgreSQL, which the next start stops and starts again; killing the
 * functions makes the front's readiness say so until it has started them again.
 */
class RestartIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int ready(int port) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://localhost:" + port + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long postgres(Path data) throws IOException {
        return Long.parseLong(
                Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).strip());
    }

    @Test
    void afterTheFrontIsKilledNothingHoldsItsPortsAndTheNextStartCleansUp() throws Exception {
        Path data = Files.createTempDirectory("knobs-restart");
        Map<String, Integer> ports = RunningPlatform.freePorts();
        int front = ports.get("front");
        Process first = RunningPlatform.launch(data, ports);
        Process second = null;
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> ready(front) == 200);
            List<ProcessHandle> children = first.toHandle().descendants().toList();
            assertThat(children).as("the functions and what they started").isNotEmpty();
            long db = postgres(data);

            first.toHandle().destroyForcibly();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            for (String part : List.of("front", "broker", "functions", "gateway")) {
                int port = ports.get(part);
                await(part + " port " + port + " is free")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> free(port));
            }

            second = RunningPlatform.launch(data, ports);
            await().atMost(Duration.ofMinutes(2)).until(() -> ready(front) == 200);
            assertThat(ProcessHandle.of(db).filter(ProcessHandle::isAlive))
                    .as("the PostgreSQL the killed front left is stopped")
                    .isEmpty();
            assertThat(postgres(data)).isNotEqualTo(db);

            // the functions die: the front says it is not ready, starts them again, and is
            ProcessHandle functions =
                    second.toHandle()
                            .descendants()
                            .filter(
                                    p ->
                                            p.info()
                                                    .commandLine()
                                                    .orElse("")
                                                    .contains("functions/target/quarkus-app"))
                            .findFirst()
                            .orElseThrow();
            functions.destroyForcibly();
            AtomicBoolean sawNotReady = new AtomicBoolean();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> {
                                int status = ready(front);
                                sawNotReady.compareAndSet(false, status == 503);
                                return sawNotReady.get() && status == 200;
                            });
            assertThat(functions.isAlive()).isFalse();
        } finally {
            for (Process p : new Process[] {first, second}) {
                if (p != null && p.isAlive()) {
                    p.destroy();
                    p.waitFor();
                }
            }
            try (var all = Files.walk(data)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
