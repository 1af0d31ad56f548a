package dev.knobs.web;

import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.domain.wiring.Emitters;
import dev.knobs.domain.wiring.TrustSettings;
import dev.knobs.eventing.emit.EventEmitter;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one place where the front's ports get their adapters, by {@link AdapterSettings} (events go
 * to the broker over {@code http} or to {@code kafka}: {@code knobs.adapters.events}), and where
 * its trust comes from: the platform's key ({@link TrustSettings}), the credentials minted from it,
 * and the signature on every event it emits.
 */
@ApplicationScoped
public class Wiring {

    @Produces
    @Singleton
    EventEmitter emitter(
            AdapterSettings adapters,
            WebConfig config,
            TrustSettings trust,
            Credentials credentials,
            EventSignatures signatures) {
        return Emitters.chosen(
                adapters,
                config.sink(),
                Emitters.credential(
                        trust.brokerCredentialFile(), credentials.part(Credentials.Part.WEB)),
                signatures);
    }

    void closeEmitter(@Disposes EventEmitter emitter) {
        Emitters.close(emitter);
    }
}
