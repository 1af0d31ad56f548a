package dev.knobs.functions.cluster;

import java.util.HashMap;
import java.util.Map;

/** The cluster adapters with a per-user quota of one CPU. */
public class QuotaProfile extends ClusterProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("knobs.trial.quota.cpu", "1");
        return config;
    }
}
