package dev.knobs.domain.wiring;

import dev.knobs.eventing.emit.EventEmitter;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.eventing.trust.PlatformKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The platform's key and what is made from it, the same in the front and the functions (both index
 * this module): configured ({@code KNOBS_TRUST_PLATFORM_KEY}) or kept in the data folder
 * (docs/adr/0013); and the part's signed event emitter.
 */
@ApplicationScoped
public class TrustProducers {

    @Produces
    @Singleton
    PlatformKey platformKey(
            TrustSettings trust, @ConfigProperty(name = "knobs.data-dir") Path dataDir) {
        return TrustSettings.key(trust, dataDir);
    }

    @Produces
    @Singleton
    Credentials credentials(PlatformKey key) {
        return new Credentials(key);
    }

    @Produces
    @Singleton
    EventSignatures signatures(PlatformKey key) {
        return new EventSignatures(key);
    }

    /**
     * Where this part's events go ({@code knobs.sink}): signed, with the part's own credential (or
     * Knative's OIDC token, {@link TrustSettings#brokerCredentialFile()}), by the chosen adapter.
     */
    @Produces
    @Singleton
    EventEmitter emitter(
            AdapterSettings adapters,
            TrustSettings trust,
            Credentials credentials,
            EventSignatures signatures,
            @ConfigProperty(name = "knobs.sink") URI sink) {
        String own = credentials.part(trust.part());
        return Emitters.chosen(
                adapters, sink, Emitters.credential(trust.brokerCredentialFile(), own), signatures);
    }

    void closeEmitter(@Disposes EventEmitter emitter) {
        Emitters.close(emitter);
    }
}
