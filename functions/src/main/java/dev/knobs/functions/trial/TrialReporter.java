package dev.knobs.functions.trial;

import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.functions.outbox.Outbox;
import dev.knobs.functions.outbox.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How a launcher reports a trial the trainer did not report itself (it died, ran out of time, or
 * only printed metrics). The event has the same source and id as a trainer's own report, so when
 * both arrive only the first counts.
 */
@ApplicationScoped
public class TrialReporter {
    @Inject Outbox outbox;
    @Inject OutboxRelay relay;

    /** Blocking: call from a worker thread, not the event loop. */
    public void report(TrialFinished finished) {
        KnobsEvent<TrialFinished> event =
                new KnobsEvent<>(
                        EventIds.trialFinished(finished.trialId()),
                        EventSources.TRIALS,
                        finished.experimentId(),
                        finished);
        try {
            VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> outbox.add(event)));
        } catch (Throwable e) {
            throw new IllegalStateException(
                    "cannot record the end of trial " + finished.trialId(), e);
        }
        relay.signal();
    }
}
