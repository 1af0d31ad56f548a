package dev.knobs.web.model;

import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.web.error.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The front's calls to model endpoints (blocking; callers run them on a worker): whether one is
 * warm or scaled to zero, and the page's try-it form.
 */
@ApplicationScoped
public class ModelEndpoints {
    /** How long the try-it form waits for a model, which may be starting from zero. */
    static final Duration PREDICT_TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject Credentials credentials;

    /**
     * Forwards the try-it form's rows to the model's V1 predict route, at its internal address with
     * the credential the platform calls that model with (never the platform's own); its answer
     * unchanged.
     */
    Response predict(PublishedModel m, String body) {
        String base = m.internalUrl != null ? m.internalUrl : m.url;
        URI target = URI.create(base + "/v1/models/" + m.name + ":predict");
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(target)
                                    .timeout(PREDICT_TIMEOUT)
                                    .header("Content-Type", "application/json")
                                    .header(
                                            "Authorization",
                                            "Bearer " + credentials.modelCaller(m.name))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return Response.status(r.statusCode())
                    .type(MediaType.APPLICATION_JSON)
                    .entity(r.body())
                    .build();
        } catch (IOException e) {
            return ApiError.response(
                    502, "the model endpoint " + m.url + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiError.response(503, "interrupted while waiting for the model");
        }
    }

    /** warm or scaled-to-zero, as the endpoint's gateway says; unknown when it does not answer. */
    String state(String url) {
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200
                    ? Json.MAPPER.readTree(r.body()).path("state").asText("unknown")
                    : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
