package dev.knobs.web;

import static dev.knobs.web.EmbeddedPlatformIT.awaitStatus;
import static dev.knobs.web.EmbeddedPlatformIT.json;
import static dev.knobs.web.EmbeddedPlatformIT.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.web.subscription.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Metrics as an operator scrapes them from the packaged platform: on the front's and the functions'
 * management ports (loopback), not on the public port; and moving while an experiment runs.
 */
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static String scrape(String part) throws Exception {
        int port = RunningPlatform.ports().get(part);
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of one sample ({@code name{labels}}), 0 when absent. */
    static double value(String metrics, String sample) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$")
                        .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void theFrontAndTheFunctionsCountAnExperimentAsItRuns() throws Exception {
        RunningPlatform.start();
        String succeeded = "knobs_experiments{status=\"SUCCEEDED\"}";
        String trials = "knobs_trial_duration_seconds_count{outcome=\"SUCCEEDED\"}";
        String finished =
                "knobs_broker_deliveries_total{outcome=\"delivered\",trigger=\"knobs-trial-finished\"}";
        String front = scrape("metrics");
        String functions = scrape("functions-metrics");
        WebhookReceiver receiver = new WebhookReceiver();
        receiver.secret(
                json(postJson("/api/subscriptions", Map.of("sink", receiver.url())), 201)
                        .path("secret")
                        .asText());
        assertThat(front)
                .contains("knobs_experiments{status=\"RUNNING\"}")
                .contains("jvm_memory_used_bytes");
        String id = EmbeddedPlatformIT.startExperiment("metrics", 300, "max_depth: 2..4", 3, 3);
        var experiment = awaitStatus(id, "SUCCEEDED", Duration.ofMinutes(4));
        String url = experiment.path("model").path("url").asText();
        String name = experiment.path("model").path("name").asText();
        assertThat(EmbeddedPlatformIT.get(url + "/v2/models/" + name).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> {
                            String after = scrape("metrics");
                            assertThat(value(after, succeeded))
                                    .isGreaterThan(value(front, succeeded));
                            assertThat(value(after, finished))
                                    .isGreaterThanOrEqualTo(value(front, finished) + 3);
                        });
        String after = scrape("functions-metrics");
        assertThat(value(after, trials)).isGreaterThanOrEqualTo(value(functions, trials) + 3);
        assertThat(
                        value(
                                after,
                                "knobs_model_requests_seconds_count{model=\""
                                        + name
                                        + "\",status=\"2xx\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(after)
                .contains("knobs_gateway_cold_starts_seconds_count{model=\"" + name + "\"");
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() >= 5);
        receiver.close();
        String all = scrape("metrics") + scrape("functions-metrics");
        assertThat(all)
                .contains(
                        "knobs_notification_deliveries_seconds_count{outcome=\"delivered\",protocol=\"HTTP\"}");
        // every series the Grafana dashboard plots is one the platform exports
        String dashboard =
                Files.readString(Path.of("..", "docs", "grafana", "knobs-dashboard.json"));
        Matcher names = Pattern.compile("knobs_[a-z_]+").matcher(dashboard);
        while (names.find()) {
            assertThat(all).as("the dashboard's " + names.group()).contains(names.group());
        }

        // the public port does not serve them
        HttpResponse<String> open =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(RunningPlatform.base() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isIn(401, 404);
    }
}
