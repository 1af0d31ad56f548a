package dev.knobs.functions.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.payload.ModelRef;
import org.junit.jupiter.api.Test;

/** What every adapter of the model publisher port must do: the local gateway, and Knative. */
public abstract class ModelPublisherContract {
    protected abstract ModelPublisher publisher();

    /** The revision the endpoint of {@code name} serves now. */
    protected abstract int servedRevision(String name) throws Exception;

    @Test
    void publishingIsIdempotentAndANewRevisionTakesOverTheSameUrl() throws Exception {
        ModelPublisher publisher = publisher();
        ModelRef first =
                new ModelRef(
                        "http://artifacts.example.com/api/artifacts/models/m-r1", ModelRef.ONNX);
        ModelRef second =
                new ModelRef(
                        "http://artifacts.example.com/api/artifacts/models/m-r2", ModelRef.ONNX);
        String url = publisher.publish("churn-abc123", 1, first);
        assertThat(url).startsWith("http");
        assertThat(publisher.publish("churn-abc123", 1, first)).isEqualTo(url);
        assertThat(servedRevision("churn-abc123")).isEqualTo(1);
        assertThat(publisher.publish("churn-abc123", 2, second)).isEqualTo(url);
        assertThat(servedRevision("churn-abc123")).isEqualTo(2);
        // an older revision arriving late does not take traffic back
        assertThat(publisher.publish("churn-abc123", 1, first)).isEqualTo(url);
        assertThat(servedRevision("churn-abc123")).isEqualTo(2);
    }

    @Test
    void modelsHaveTheirOwnEndpoints() throws Exception {
        ModelRef model =
                new ModelRef(
                        "http://artifacts.example.com/api/artifacts/models/x",
                        ModelRef.XGBOOST_JSON);
        assertThat(publisher().publish("alpha-000001", 1, model))
                .isNotEqualTo(publisher().publish("beta-000002", 1, model));
    }
}
