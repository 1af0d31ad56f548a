package dev.knobs.web;

import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.domain.wiring.Emitters;
import dev.knobs.eventing.emit.EventEmitter;
import dev.knobs.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one place where the front's ports get their adapters, by {@link AdapterSettings}: events go
 * to the broker over {@code http} or to {@code kafka} ({@code knobs.adapters.events}).
 */
@ApplicationScoped
public class Wiring {

    @Produces
    @Singleton
    EventEmitter emitter(AdapterSettings adapters, WebConfig config) {
        return Emitters.chosen(adapters, config.sink());
    }

    void closeEmitter(@Disposes EventEmitter emitter) {
        Emitters.close(emitter);
    }
}
