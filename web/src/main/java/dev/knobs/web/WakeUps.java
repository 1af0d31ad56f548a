package dev.knobs.web;

import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.emit.EmitException;
import dev.knobs.eventing.emit.EventEmitter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The events the front emits after it committed what a person asked for (a submission, a
 * cancellation, an upload, an access change). They only wake the functions up: the request is
 * recorded in the database, which the functions reconcile with every few seconds, so an event the
 * broker cannot take now is not lost and does not fail the request.
 */
@ApplicationScoped
public class WakeUps {
    private static final Logger LOG = Logger.getLogger(WakeUps.class);

    @Inject EventEmitter emitter;
    @Inject Worker worker;

    /** Emits {@code event} off the event loop; completes either way. */
    public Uni<Void> emit(KnobsEvent<?> event) {
        return worker.call(
                () -> {
                    try {
                        emitter.emit(event);
                    } catch (EmitException e) {
                        LOG.warnf(
                                "%s %s not emitted now (%s); the functions take it up from the"
                                        + " database",
                                event.type().type(), event.id(), e.getMessage());
                    }
                    return null;
                });
    }
}
