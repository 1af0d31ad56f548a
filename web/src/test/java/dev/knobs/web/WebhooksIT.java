package dev.knobs.web;

import static dev.knobs.web.EmbeddedPlatformIT.awaitStatus;
import static dev.knobs.web.EmbeddedPlatformIT.json;
import static dev.knobs.web.EmbeddedPlatformIT.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import dev.knobs.web.subscription.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Webhooks on the packaged platform, as a user's receiver sees them: a whole experiment's events,
 * signed, in order and each once; and a delivery owed when the platform is killed arrives after it
 * starts again.
 */
class WebhooksIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aReceiverGetsAWholeExperimentSignedInOrderAndEachOnce() throws Exception {
        RunningPlatform.start();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode sub =
                    json(postJson("/api/subscriptions", Map.of("sink", receiver.url())), 201);
            receiver.secret(sub.path("secret").asText());
            String id =
                    EmbeddedPlatformIT.startExperiment(
                            "hooks", 400, "max_depth: 2..5\nn_estimators in [20, 40]", 5, 3);
            awaitStatus(id, "SUCCEEDED", Duration.ofMinutes(5));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ofExperiment(receiver, id).contains("experiment-finished"));
            assertThat(ofExperiment(receiver, id))
                    .containsExactly(
                            "experiment-started",
                            "trial-completed",
                            "trial-completed",
                            "trial-completed",
                            "trial-completed",
                            "trial-completed",
                            "model-published",
                            "experiment-finished");
            List<WebhookReceiver.Received> all = receiver.accepted();
            assertThat(all).allMatch(WebhookReceiver.Received::valid);
            assertThat(new HashSet<>(all.stream().map(WebhookReceiver.Received::id).toList()))
                    .hasSize(all.size());
            assertThat(receiver.calls()).as("each delivered once").isEqualTo(all.size());
            Map<String, Object> finished = Json.read(all.get(all.size() - 1).body(), Json.VALUES);
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) finished.get("data");
            assertThat(data.get("outcome")).isEqualTo("SUCCEEDED");
            assertThat(String.valueOf(data.get("modelUrl"))).startsWith("http");
            assertThat(data.get("best")).isNotNull();
        }
    }

    /** The short types of the events about {@code experiment} the receiver took, in order. */
    static List<String> ofExperiment(WebhookReceiver receiver, String experiment) {
        List<String> types = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.accepted()) {
            Map<String, Object> ce = Json.read(r.body(), Json.VALUES);
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) ce.get("data");
            if (experiment.equals(data.get("experimentId"))) {
                types.add(String.valueOf(ce.get("type")).replace("dev.knobs.", ""));
            }
        }
        return types;
    }

    @Test
    void aDeliveryOwedWhenThePlatformIsKilledArrivesOnceAfterItStartsAgain() throws Exception {
        Path data = Files.createTempDirectory("knobs-hooks-restart");
        Map<String, Integer> ports = RunningPlatform.freePorts();
        int receiverPort = EmbeddedPlatformIT.freePort();
        String base = "http://localhost:" + ports.get("front");
        Map<String, String> slowRetries =
                Map.of("KNOBS_NOTIFICATIONS_RETRY_SCHEDULE", "PT15S,PT15S,PT15S");
        Process first = RunningPlatform.launch(data, ports, slowRetries);
        Process second = null;
        try {
            RunningPlatform.awaitReady(base, first);
            JsonNode sub =
                    call(
                            base,
                            "POST",
                            "/api/subscriptions",
                            Map.of("sink", "http://127.0.0.1:" + receiverPort + "/hook"),
                            201);
            String id = sub.path("id").asText();
            call(base, "POST", "/api/subscriptions/" + id + "/test", Map.of(), 202);
            // the receiver is not there yet: the first attempt fails and a retry is owed
            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () ->
                                    call(
                                                            base,
                                                            "GET",
                                                            "/api/subscriptions/"
                                                                    + id
                                                                    + "/deliveries",
                                                            null,
                                                            200)
                                                    .path(0)
                                                    .path("attempts")
                                                    .asInt()
                                            == 1);
            first.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly().waitFor();

            try (WebhookReceiver receiver = new WebhookReceiver(receiverPort)) {
                receiver.secret(sub.path("secret").asText());
                second = RunningPlatform.launch(data, ports, slowRetries);
                RunningPlatform.awaitReady(base, second);
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() == 1);
                assertThat(receiver.accepted().get(0).valid()).isTrue();
                // the receiver has it; the platform records its answer a moment later
                await().atMost(Duration.ofSeconds(10))
                        .until(
                                () ->
                                        call(
                                                        base,
                                                        "GET",
                                                        "/api/subscriptions/" + id + "/deliveries",
                                                        null,
                                                        200)
                                                .path(0)
                                                .path("state")
                                                .asText()
                                                .equals("DELIVERED"));
                JsonNode log =
                        call(base, "GET", "/api/subscriptions/" + id + "/deliveries", null, 200);
                assertThat(log.path(0).path("log").path(0).path("status").isNull()).isTrue();
                assertThat(log.path(0).path("log").path(1).path("status").asInt()).isEqualTo(204);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.calls() == 1);
            }
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

    private static JsonNode call(String base, String method, String path, Object body, int status)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + RunningPlatform.TOKEN)
                        .header("Content-Type", "application/json");
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(
                                Json.MAPPER.writeValueAsBytes(body)));
        HttpResponse<String> answer =
                HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + " answered " + answer.body()).isEqualTo(status);
        return Json.MAPPER.readTree(answer.body());
    }
}
