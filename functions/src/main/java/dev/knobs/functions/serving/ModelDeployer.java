package dev.knobs.functions.serving;

import dev.knobs.eventing.payload.ModelRef;
import java.util.List;

/**
 * The port that puts a model behind a scale-to-zero REST endpoint. Adapters: {@code gateway} (the
 * embedded {@link dev.knobs.functions.serving.gateway.ModelGateway}) and {@code knative} (a Knative
 * Service with a traffic block). A model name has versions; each stays callable at its own URL, and
 * the name's URL splits its traffic between a primary version and, optionally, a canary. The model
 * servers get a credential that reads only this model's files, and know the hash of the one the
 * platform calls them with; never the platform's own.
 */
public interface ModelDeployer {
    /** Where a deployed model answers: for everyone, and for the platform itself. */
    record Endpoint(String url, String internalUrl) {}

    /** One version of a model: its number and its file. */
    record Version(int revision, ModelRef model) {}

    /**
     * How a model's servers scale: between {@code minScale} and {@code maxScale} instances (0:
     * scale to zero when idle), aiming at {@code targetConcurrency} requests in flight each, and
     * kept {@code scaleDownDelaySeconds} after the last request (0: the platform's default).
     */
    record Scaling(int minScale, int maxScale, int targetConcurrency, int scaleDownDelaySeconds) {
        public static final Scaling DEFAULT = new Scaling(0, 3, 10, 0);
    }

    /**
     * Everything a model's endpoint serves: its versions, the primary one, the canary (null: none)
     * with its share of traffic in percent, who may call it ({@code tokenSha256} null: everyone),
     * and how it scales.
     */
    record Serving(
            String name,
            List<Version> versions,
            int primary,
            Integer canary,
            int canaryPercent,
            String tokenSha256,
            Scaling scaling) {
        public Serving {
            versions = List.copyOf(versions);
            if (versions.stream().noneMatch(v -> v.revision() == primary)
                    || (canary != null
                            && versions.stream().noneMatch(v -> v.revision() == canary))) {
                throw new IllegalArgumentException("the traffic names a version not served");
            }
            if (canaryPercent < 0 || canaryPercent > 100) {
                throw new IllegalArgumentException("a canary takes 0 to 100 percent");
            }
        }

        public Version version(int revision) {
            return versions.stream()
                    .filter(v -> v.revision() == revision)
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Puts the endpoint of {@code serving.name()} in line with it. Idempotent. */
    Endpoint apply(Serving serving) throws Exception;

    /** Where one version of a model answers on its own, or null when it is not served. */
    String versionUrl(String name, int revision) throws Exception;

    /** Takes the endpoint of {@code name} down. Idempotent; false when nothing was served. */
    boolean remove(String name) throws Exception;
}
