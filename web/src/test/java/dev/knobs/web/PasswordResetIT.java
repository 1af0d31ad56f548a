package dev.knobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./knobs reset-password <user>} on the packaged platform: refused while Knobs runs; once it
 * is stopped, a new one-time password that logs in, the old one no longer; an unknown user is told.
 */
class PasswordResetIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aLostPasswordIsResetByACommandNotByDeletingTheDatabase() throws Exception {
        Path data = Files.createTempDirectory("knobs-reset");
        Map<String, Integer> ports = RunningPlatform.freePorts();
        String base = "http://localhost:" + ports.get("front");
        Process platform = RunningPlatform.launch(data, ports);
        try {
            RunningPlatform.awaitReady(base, platform);
            HttpResponse<String> made =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/users"))
                                    .header("Authorization", "Bearer " + RunningPlatform.TOKEN)
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    Json.write(
                                                            Map.of(
                                                                    "username", "dave",
                                                                    "password",
                                                                            "dave-old-password"))))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            Command running = reset(data, "dave");
            assertThat(running.exit()).isEqualTo(75);
            assertThat(running.output()).contains("stop it first");

            platform.destroy();
            assertThat(platform.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(reset(data, "nobody").output()).contains("there is no user 'nobody'");
            Command done = reset(data, "dave");
            assertThat(done.exit()).as(done.output()).isZero();
            Matcher fresh = Pattern.compile("is: (\\S+)").matcher(done.output());
            assertThat(fresh.find()).as(done.output()).isTrue();

            platform = RunningPlatform.launch(data, ports);
            RunningPlatform.awaitReady(base, platform);
            assertThat(login(base, "dave", fresh.group(1))).isEqualTo(303);
            assertThat(login(base, "dave", "dave-old-password")).isNotEqualTo(303);
        } finally {
            platform.destroy();
            platform.waitFor();
            try (var all = Files.walk(data)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    record Command(int exit, String output) {}

    static Command reset(Path data, String user) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder b =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                root.resolve("web/target/quarkus-app/quarkus-run.jar").toString(),
                                "reset-password",
                                user)
                        .redirectErrorStream(true);
        b.environment().put("KNOBS_DATA_DIR", data.toString());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Command(p.exitValue(), out);
    }

    static int login(String base, String user, String password) throws Exception {
        String form =
                "username="
                        + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
