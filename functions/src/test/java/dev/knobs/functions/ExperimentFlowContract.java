package dev.knobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.EventType;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One experiment from upload to published model, the same for both adapters of every port (trial
 * launcher, model publisher; events through the embedded broker, which delivers every event twice):
 * subclasses run it on the embedded adapters and on the cluster adapters.
 */
public abstract class ExperimentFlowContract {

    /** Starts whatever the adapters need around the application (a cluster's stand-ins). */
    protected AutoCloseable surroundings() {
        return () -> {};
    }

    /** Checks that the endpoint the winner was published at serves it. */
    protected abstract void assertServes(String url, String modelName) throws Exception;

    protected abstract String prefix();

    /**
     * Structured mode runs with TPE search (its history comes from the database), binary with
     * random.
     */
    @ParameterizedTest(name = "structured={0}")
    @ValueSource(booleans = {false, true})
    void runsAnExperimentToAPublishedModelWithEveryEventDeliveredTwice(boolean structured)
            throws Exception {
        String id = prefix() + (structured ? "-s" : "-b");
        try (AutoCloseable ignored = surroundings()) {
            ExperimentSpec u =
                    TuningLoopTest.upload(
                            id,
                            "learning_rate = 0.05 ~ 0.5 log, max_depth: 2..5, n_estimators in [20, 40]",
                            "xgboost",
                            5,
                            2,
                            structured ? "tpe" : "random");
            TuningLoopTest.post(TuningLoopTest.event(u), structured, 204);
            TuningLoopTest.post(TuningLoopTest.event(u), !structured, 204);

            Experiment e = TuningLoopTest.ended(id, Duration.ofMinutes(3));
            assertThat(e.status).as(e.stopReason).isEqualTo(ExperimentStatus.SUCCEEDED);
            assertThat(e.trialsRequested).isEqualTo(5);
            assertThat(e.trialsFinished).isEqualTo(5);
            List<Trial> trials = TuningLoopTest.trials(id);
            assertThat(trials).extracting(t -> t.number).containsExactly(1, 2, 3, 4, 5);
            assertThat(trials)
                    .allSatisfy(
                            t ->
                                    assertThat(t.state)
                                            .as(t.reason + "\n" + t.logTail)
                                            .isEqualTo(TrialState.SUCCEEDED));
            Trial best =
                    trials.stream()
                            .max(Comparator.comparingDouble(t -> t.objectiveValue))
                            .orElseThrow();
            assertThat(e.bestTrialId).isEqualTo(best.id);
            assertThat(e.bestValue).isGreaterThan(0.8);

            // every trial's end replayed, in both modes: nothing changes
            for (Trial t : trials) {
                TrialFinished again =
                        new TrialFinished(
                                id, t.id, TrialStatus.FAILED, Map.of(), null, "replayed", 1, null);
                TuningLoopTest.post(
                        new KnobsEvent<>(
                                EventIds.trialFinished(t.id), EventSources.TRIALS, id, again),
                        structured,
                        204);
            }
            assertThat(TuningLoopTest.experiment(id).trialsFinished).isEqualTo(5);
            assertThat(TuningLoopTest.trials(id))
                    .allSatisfy(t -> assertThat(t.state).isEqualTo(TrialState.SUCCEEDED));

            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    PlatformResource.TO_WEB.stream()
                                            .anyMatch(
                                                    ce ->
                                                            ce.getType()
                                                                            .equals(
                                                                                    EventType
                                                                                            .MODEL_PUBLISHED
                                                                                            .type())
                                                                    && id.equals(ce.getSubject())));
            CloudEvent published =
                    PlatformResource.TO_WEB.stream()
                            .filter(ce -> ce.getType().equals(EventType.MODEL_PUBLISHED.type()))
                            .filter(ce -> id.equals(ce.getSubject()))
                            .findFirst()
                            .orElseThrow();
            assertToldItsOwner(id);
            ModelPublished model = (ModelPublished) EventCodec.fromCloudEvent(published).data();
            assertThat(model.url()).isEqualTo(TuningLoopTest.experiment(id).modelUrl);
            assertThat(model.model().url()).isEqualTo(best.modelUrl);
            assertServes(model.url(), id);
        }
    }

    /**
     * The owner heard of it all, in order: the start, each trial's end once, the model, the end (as
     * the broker routed them to the front's notifications).
     */
    private static void assertToldItsOwner(String id) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                PlatformResource.TO_WEB.stream()
                                        .anyMatch(ce -> ce.getId().equals(id + "/finished")));
        List<String> firsts = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CloudEvent ce : PlatformResource.TO_WEB) {
            Object data = EventCodec.fromCloudEvent(ce).data();
            boolean ours =
                    id.equals(ce.getSubject())
                            || (data instanceof ModelPublished m && id.equals(m.experimentId()));
            if (ours && seen.add(ce.getId())) {
                firsts.add(ce.getType().replace(EventType.PREFIX, ""));
                assertThat(ce.getExtension(EventCodec.AUDIENCE)).isEqualTo(EventCodec.OWNERS);
            }
        }
        assertThat(firsts)
                .containsExactly(
                        "experiment-started",
                        "trial-completed",
                        "trial-completed",
                        "trial-completed",
                        "trial-completed",
                        "trial-completed",
                        "model-published",
                        "experiment-finished");
    }
}
