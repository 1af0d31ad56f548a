package dev.knobs.functions.serving.gateway;

import dev.knobs.functions.serving.ModelDeployer;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code GET /models/<name>} answers: the primary version's state (warm or scaled to zero),
 * its cold starts, whether a token is needed, and each version's state, share and own URL.
 */
record GatewayStatus(
        String name,
        int revision,
        String format,
        String state,
        int coldStarts,
        boolean tokenRequired,
        List<Version> versions) {

    /** One version's part. */
    record Version(int version, String state, int coldStarts, int percent, String url) {}

    static GatewayStatus of(
            ModelDeployer.Serving serving, Collection<ServedVersion> served, String modelUrl) {
        ServedVersion primary =
                served.stream()
                        .filter(v -> v.revision() == serving.primary())
                        .findFirst()
                        .orElse(null);
        List<Version> versions =
                served.stream()
                        .sorted(Comparator.comparingInt(ServedVersion::revision))
                        .map(v -> version(serving, v, modelUrl))
                        .toList();
        return new GatewayStatus(
                serving.name(),
                serving.primary(),
                serving.version(serving.primary()).model().format(),
                state(primary),
                primary == null ? 0 : primary.coldStarts,
                serving.tokenSha256() != null,
                versions);
    }

    private static Version version(ModelDeployer.Serving serving, ServedVersion v, String url) {
        return new Version(
                v.revision(),
                state(v),
                v.coldStarts,
                Route.percent(serving, v.revision()),
                url + "/versions/" + v.revision());
    }

    private static String state(ServedVersion v) {
        return v != null && v.warm() ? "warm" : "scaled-to-zero";
    }
}
