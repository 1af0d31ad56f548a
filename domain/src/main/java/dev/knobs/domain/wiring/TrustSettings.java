package dev.knobs.domain.wiring;

import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.PlatformKey;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the platform's key comes from and how a part proves itself to the broker, the same for the
 * front and the functions (docs/adr/0013).
 */
@ConfigMapping(prefix = "knobs.trust")
public interface TrustSettings {
    /**
     * The platform's key in base64 ({@code KNOBS_PLATFORM_KEY}); unset, the key file {@code
     * secrets/platform.key} in the data folder, made at the first start.
     */
    Optional<String> platformKey();

    /**
     * A file holding the credential to present to the broker instead of the part's own: on a
     * cluster with Knative's sender identity, the OIDC token a SinkBinding mounts ({@code
     * /oidc/token}).
     */
    Optional<Path> brokerCredentialFile();

    /**
     * Whether the receivers of the broker's deliveries (the functions, the front's event routes)
     * also ask for the broker's own credential before they read a delivery: on one machine, where
     * the embedded broker presents it. A Knative broker cannot, so on a cluster they rely on the
     * platform's signature on every event and on the network policy.
     */
    @WithDefault("true")
    boolean requireBrokerCredential();

    /** Which part of the platform this process is ({@code web} or {@code functions}). */
    Credentials.Part part();

    /** The platform's key: configured, or kept in {@code dataDir/secrets/platform.key}. */
    static PlatformKey key(TrustSettings settings, Path dataDir) {
        return settings.platformKey()
                .filter(k -> !k.isBlank())
                .map(PlatformKey::of)
                .orElseGet(() -> PlatformKey.inFile(dataDir.resolve("secrets/platform.key")));
    }
}
