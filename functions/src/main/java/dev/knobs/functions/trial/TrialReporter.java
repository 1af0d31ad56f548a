package dev.knobs.functions.trial;

import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialProgress;
import dev.knobs.functions.outbox.Outbox;
import dev.knobs.functions.outbox.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
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

    /**
     * An intermediate result the platform read for the trial (a sandboxed trainer's {@code knobs
     * step=…} line): as the trainer would have published it.
     */
    public void progress(TrialProgress progress) {
        KnobsEvent<TrialProgress> event =
                new KnobsEvent<>(
                        EventIds.trialProgress(
                                progress.trialId(), progress.attemptOrFirst(), progress.step()),
                        EventSources.TRIALS,
                        progress.experimentId(),
                        progress);
        QuarkusTransaction.requiringNew().run(() -> outbox.add(event));
        relay.signal();
    }

    /** Records the report in the outbox (its own transaction) and wakes the relay. */
    public void report(TrialFinished finished) {
        KnobsEvent<TrialFinished> event =
                new KnobsEvent<>(
                        EventIds.trialFinished(finished.trialId(), finished.attemptOrFirst()),
                        EventSources.TRIALS,
                        finished.experimentId(),
                        finished);
        QuarkusTransaction.requiringNew().run(() -> outbox.add(event));
        relay.signal();
    }
}
