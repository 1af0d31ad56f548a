package dev.knobs.functions.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.payload.ModelRef;
import org.junit.jupiter.api.Test;

/** What every adapter of the model deployer port must do: the local gateway, and Knative. */
public abstract class ModelDeployerContract {
    protected abstract ModelDeployer deployer();

    /** The revision the endpoint of {@code name} serves now. */
    protected abstract int servedRevision(String name) throws Exception;

    /** The SHA-256 of the token the endpoint of {@code name} requires now; null when open. */
    protected abstract String requiredToken(String name) throws Exception;

    @Test
    void aModelCanBeRestrictedToATokenAndOpenedAgainAndANewRevisionKeepsIt() throws Exception {
        ModelDeployer deployer = deployer();
        ModelRef model =
                new ModelRef("http://artifacts.example.com/api/artifacts/models/k", ModelRef.ONNX);
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        deployer.deploy("kept-000001", 1, model, hash);
        assertThat(requiredToken("kept-000001")).isEqualTo(hash);
        assertThat(deployer.restrict("kept-000001", null)).isTrue();
        assertThat(requiredToken("kept-000001")).isNull();
        assertThat(deployer.restrict("kept-000001", hash)).isTrue();
        assertThat(deployer.restrict("kept-000001", hash)).isTrue();
        assertThat(requiredToken("kept-000001")).isEqualTo(hash);
        deployer.deploy("kept-000001", 2, model, hash);
        assertThat(servedRevision("kept-000001")).isEqualTo(2);
        assertThat(requiredToken("kept-000001")).isEqualTo(hash);
        assertThat(deployer.restrict("nothing-here-1", hash)).isFalse();
    }

    @Test
    void publishingIsIdempotentAndANewRevisionTakesOverTheSameUrl() throws Exception {
        ModelDeployer deployer = deployer();
        ModelRef first =
                new ModelRef(
                        "http://artifacts.example.com/api/artifacts/models/m-r1", ModelRef.ONNX);
        ModelRef second =
                new ModelRef(
                        "http://artifacts.example.com/api/artifacts/models/m-r2", ModelRef.ONNX);
        ModelDeployer.Endpoint url = deployer.deploy("churn-abc123", 1, first, null);
        assertThat(url.url()).startsWith("http");
        assertThat(url.internalUrl()).startsWith("http");
        assertThat(deployer.deploy("churn-abc123", 1, first, null)).isEqualTo(url);
        assertThat(servedRevision("churn-abc123")).isEqualTo(1);
        assertThat(deployer.deploy("churn-abc123", 2, second, null)).isEqualTo(url);
        assertThat(servedRevision("churn-abc123")).isEqualTo(2);
        // an older revision arriving late does not take traffic back
        assertThat(deployer.deploy("churn-abc123", 1, first, null)).isEqualTo(url);
        assertThat(servedRevision("churn-abc123")).isEqualTo(2);
    }

    @Test
    void modelsHaveTheirOwnEndpoints() throws Exception {
        ModelRef model =
                new ModelRef(
                        "http://artifacts.example.com/api/artifacts/models/x",
                        ModelRef.XGBOOST_JSON);
        assertThat(deployer().deploy("alpha-000001", 1, model, null))
                .isNotEqualTo(deployer().deploy("beta-000002", 1, model, null));
    }
}
