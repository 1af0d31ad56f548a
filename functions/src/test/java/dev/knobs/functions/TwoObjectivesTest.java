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
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An experiment with two objectives on one machine: log loss traded against the size of the model,
 * both measured by the built-in trainer; the model published is the one the stated rule picks
 * (within 50 % of the best log loss — wide, so the pick is rarely the best on log loss alone).
 */
@QuarkusTest
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class TwoObjectivesTest {

    @Test
    void logLossAgainstModelSizePublishesTheSmallestModelWithinHalfAgainTheBestLogLoss()
            throws Exception {
        String id = "two-objectives";
        ExperimentSpec one =
                TuningLoopTest.upload(
                        id,
                        "learning_rate = 0.05 ~ 0.5 log, max_depth: 1..6, n_estimators: 3..60",
                        "xgboost",
                        8,
                        2,
                        "tpe");
        ExperimentSpec spec =
                one.withObjectives(
                        new Objective("logloss", Objective.Goal.MINIMIZE),
                        new Objective("model_size_kb", Objective.Goal.MINIMIZE),
                        0.5);
        TuningLoopTest.post(TuningLoopTest.event(spec), true, 204);

        Experiment e = TuningLoopTest.ended(id, Duration.ofMinutes(3));
        assertThat(e.status).as(e.stopReason).isEqualTo(ExperimentStatus.SUCCEEDED);
        List<Trial> trials = TuningLoopTest.trials(id);
        assertThat(trials).hasSize(8);
        // the trainer measured both costs of every model
        for (Trial t : trials) {
            assertThat(t.state).as(t.reason + "\n" + t.logTail).isEqualTo(TrialState.SUCCEEDED);
            Map<String, Double> m = Json.read(t.metrics, Json.NUMBERS);
            assertThat(m.get("model_size_kb")).as(t.id).isPositive();
            assertThat(m.get("latency_ms")).as(t.id).isPositive().isLessThan(1000);
        }
        // the rule, restated: of the trials within 50 % of the best log loss, the smallest model
        double best = trials.stream().mapToDouble(t -> t.objectiveValue).min().orElseThrow();
        Trial expected =
                trials.stream()
                        .filter(t -> t.objectiveValue <= best * 1.5 + 1e-12)
                        .min(
                                java.util.Comparator.<Trial>comparingDouble(TwoObjectivesTest::size)
                                        .thenComparingInt(t -> t.number))
                        .orElseThrow();
        assertThat(e.bestTrialId).isEqualTo(expected.id);
        assertThat(e.bestValue).isEqualTo(expected.objectiveValue);
        // no trial has as low a log loss with a smaller model: it is on the front
        assertThat(trials)
                .noneMatch(
                        t ->
                                t.objectiveValue <= expected.objectiveValue
                                        && size(t) < size(expected));

        await().atMost(Duration.ofSeconds(60)).until(() -> published(id) != null);
        assertThat(published(id).model().url()).isEqualTo(expected.modelUrl);
    }

    @Test
    void aTrialThatReportsOnlyTheFirstObjectiveFailsNamingTheSecond() throws Exception {
        String id = "two-objectives-missing";
        ExperimentSpec spec =
                TuningLoopTest.upload(id, "max_depth: 2..3", "xgboost", 1, 1)
                        .withObjectives(
                                new Objective("accuracy", Objective.Goal.MAXIMIZE),
                                new Objective("cost", Objective.Goal.MINIMIZE),
                                null);
        TuningLoopTest.submit(spec, "user");
        TuningLoopTest.runningRows(spec, 1, 1, java.time.Instant.now());
        String trialId = EventIds.trialId(id, 1);
        TuningLoopTest.post(
                new KnobsEvent<>(
                        EventIds.trialFinished(trialId),
                        EventSources.TRIALS,
                        id,
                        new TrialFinished(
                                id,
                                trialId,
                                TrialStatus.SUCCEEDED,
                                Map.of("accuracy", 0.9),
                                null,
                                null,
                                0,
                                null,
                                1)),
                true,
                204);
        Trial t = TuningLoopTest.trial(trialId);
        assertThat(t.state).isEqualTo(TrialState.FAILED);
        assertThat(t.reason).contains("reported no 'cost' metric").contains("accuracy");
        assertThat(t.objectiveValue).isNull();
    }

    private static double size(Trial t) {
        return Json.read(t.metrics, Json.NUMBERS).get("model_size_kb");
    }

    private static ModelPublished published(String id) {
        for (CloudEvent ce : PlatformResource.TO_WEB) {
            if (ce.getType().equals(EventType.MODEL_PUBLISHED.type())
                    && id.equals(ce.getSubject())) {
                return (ModelPublished) EventCodec.fromCloudEvent(ce).data();
            }
        }
        return null;
    }
}
