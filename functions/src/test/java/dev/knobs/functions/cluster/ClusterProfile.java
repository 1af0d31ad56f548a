package dev.knobs.functions.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The functions with the cluster adapters: trials as Jobs, models as Knative Services. */
public class ClusterProfile implements QuarkusTestProfile {
    public static final String NAMESPACE = "knobs-test";
    public static final String IMAGE = "registry.example.com/knobs-trainer:test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "knobs.mode", "cluster",
                "knobs.trial.job.image", IMAGE,
                "knobs.trial.job.namespace", NAMESPACE,
                "knobs.serving.knative.image", IMAGE,
                "knobs.serving.knative.namespace", NAMESPACE,
                "knobs.serving.knative.ready-timeout", "PT60S");
    }
}
