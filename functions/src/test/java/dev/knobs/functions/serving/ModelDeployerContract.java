package dev.knobs.functions.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.payload.ModelRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every adapter of the model deployer port must do: the local gateway, and Knative. */
public abstract class ModelDeployerContract {
    protected abstract ModelDeployer deployer();

    /** The version the endpoint of {@code name} sends its traffic to (the primary). */
    protected abstract int servedRevision(String name) throws Exception;

    /** The share of traffic, in percent, each version of {@code name} takes now. */
    protected abstract Map<Integer, Integer> traffic(String name) throws Exception;

    /** The SHA-256 of the token the endpoint of {@code name} requires now; null when open. */
    protected abstract String requiredToken(String name) throws Exception;

    protected static ModelDeployer.Version version(int revision, String format) {
        return new ModelDeployer.Version(
                revision,
                new ModelRef(
                        "http://artifacts.example.com/api/artifacts/models/m-r" + revision,
                        format));
    }

    protected static ModelDeployer.Serving serving(
            String name, int primary, Integer canary, int percent, String token, int... versions) {
        List<ModelDeployer.Version> vs =
                java.util.Arrays.stream(versions).mapToObj(v -> version(v, ModelRef.ONNX)).toList();
        return new ModelDeployer.Serving(
                name, vs, primary, canary, percent, token, ModelDeployer.Scaling.DEFAULT);
    }

    @Test
    void aModelCanBeRestrictedToATokenAndOpenedAgainAndANewVersionKeepsIt() throws Exception {
        ModelDeployer deployer = deployer();
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        deployer.apply(serving("kept-000001", 1, null, 0, hash, 1));
        assertThat(requiredToken("kept-000001")).isEqualTo(hash);
        deployer.apply(serving("kept-000001", 1, null, 0, null, 1));
        assertThat(requiredToken("kept-000001")).isNull();
        deployer.apply(serving("kept-000001", 1, null, 0, hash, 1));
        deployer.apply(serving("kept-000001", 1, null, 0, hash, 1));
        assertThat(requiredToken("kept-000001")).isEqualTo(hash);
        deployer.apply(serving("kept-000001", 2, null, 0, hash, 1, 2));
        assertThat(servedRevision("kept-000001")).isEqualTo(2);
        assertThat(requiredToken("kept-000001")).isEqualTo(hash);
    }

    @Test
    void applyingIsIdempotentAndEveryVersionHasItsOwnUrlBesideTheModels() throws Exception {
        ModelDeployer deployer = deployer();
        ModelDeployer.Endpoint url = deployer.apply(serving("churn-abc123", 1, null, 0, null, 1));
        assertThat(url.url()).startsWith("http");
        assertThat(url.internalUrl()).startsWith("http");
        assertThat(deployer.apply(serving("churn-abc123", 1, null, 0, null, 1))).isEqualTo(url);
        assertThat(servedRevision("churn-abc123")).isEqualTo(1);
        assertThat(deployer.apply(serving("churn-abc123", 2, null, 0, null, 1, 2))).isEqualTo(url);
        assertThat(servedRevision("churn-abc123")).isEqualTo(2);
        assertThat(traffic("churn-abc123")).isEqualTo(Map.of(1, 0, 2, 100));
        String one = deployer.versionUrl("churn-abc123", 1);
        String two = deployer.versionUrl("churn-abc123", 2);
        assertThat(one).startsWith("http").isNotEqualTo(two).isNotEqualTo(url.url());
        assertThat(two).startsWith("http");
    }

    @Test
    void trafficRollsBackAndSplitsForACanaryAndARetiredVersionIsGone() throws Exception {
        ModelDeployer deployer = deployer();
        deployer.apply(serving("canary-000001", 2, null, 0, null, 1, 2));
        // roll back: version 1 takes the traffic again, version 2 stays callable
        deployer.apply(serving("canary-000001", 1, null, 0, null, 1, 2));
        assertThat(servedRevision("canary-000001")).isEqualTo(1);
        assertThat(traffic("canary-000001")).isEqualTo(Map.of(1, 100, 2, 0));
        assertThat(deployer.versionUrl("canary-000001", 2)).isNotNull();
        // a canary: version 3 takes 10 %
        deployer.apply(serving("canary-000001", 1, 3, 10, null, 1, 2, 3));
        assertThat(traffic("canary-000001")).isEqualTo(Map.of(1, 90, 2, 0, 3, 10));
        // version 2 retired
        deployer.apply(serving("canary-000001", 3, null, 0, null, 1, 3));
        assertThat(traffic("canary-000001")).isEqualTo(Map.of(1, 0, 3, 100));
        assertThat(deployer.versionUrl("canary-000001", 2)).isNull();
    }

    @Test
    void aRemovedModelIsNoLongerServed() throws Exception {
        ModelDeployer deployer = deployer();
        deployer.apply(serving("gone-000001", 1, null, 0, null, 1));
        assertThat(deployer.remove("gone-000001")).isTrue();
        assertThat(deployer.remove("gone-000001")).isFalse();
        assertThat(deployer.versionUrl("gone-000001", 1)).isNull();
        assertThat(deployer.remove("nothing-here-1")).isFalse();
    }

    @Test
    void modelsHaveTheirOwnEndpoints() throws Exception {
        ModelDeployer.Serving alpha =
                new ModelDeployer.Serving(
                        "alpha-000001",
                        List.of(version(1, ModelRef.XGBOOST_JSON)),
                        1,
                        null,
                        0,
                        null,
                        ModelDeployer.Scaling.DEFAULT);
        ModelDeployer.Serving beta =
                new ModelDeployer.Serving(
                        "beta-000002",
                        List.of(version(1, ModelRef.XGBOOST_JSON)),
                        1,
                        null,
                        0,
                        null,
                        ModelDeployer.Scaling.DEFAULT);
        assertThat(deployer().apply(alpha)).isNotEqualTo(deployer().apply(beta));
    }
}
