package dev.knobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.CancelRequested;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.ExperimentFinished;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.eventing.payload.TrialCompleted;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialProgress;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.process.ProcessTrialLauncher;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Early stopping, goal and time budget through the functions, with trials as real child processes
 * (a custom command that only sleeps, so that the test decides every intermediate result).
 */
@QuarkusTest
public class EarlyStoppingTest {
    @Inject TrialLauncher launcher;

    private static ExperimentSpec sleeper(
            String id, Objective objective, Budget budget, EarlyStopping earlyStopping)
            throws Exception {
        return new ExperimentSpec(
                id,
                "alice",
                id,
                null,
                "custom",
                new CustomTrainer(null, "sleep 120", null, null),
                SearchSpaceParser.parse("x = 0 ~ 1 float"),
                "random",
                3,
                objective,
                budget,
                new Resources(0.5, 256, 300),
                earlyStopping);
    }

    private static void progress(String trialId, long step, double accuracy) {
        TuningLoopTest.post(progressOf(trialId, step, "accuracy", accuracy), false, 204);
    }

    /** The trial-progress a trainer would publish: one metric at one step. */
    private static KnobsEvent<TrialProgress> progressOf(
            String trialId, long step, String metric, double value) {
        String experiment = trialId.substring(0, trialId.lastIndexOf("-t"));
        return new KnobsEvent<>(
                EventIds.trialProgress(trialId, step),
                EventSources.TRIALS,
                experiment,
                new TrialProgress(experiment, trialId, step, Map.of(metric, value)));
    }

    private boolean running(String trialId) {
        return ((ProcessTrialLauncher) launcher).isRunning(trialId);
    }

    private static Trial trial(String experiment, int number) throws Exception {
        return TuningLoopTest.trials(experiment).get(number - 1);
    }

    private List<String> runningTrials(String experiment) throws Exception {
        return TuningLoopTest.trials(experiment).stream()
                .map(t -> t.id)
                .filter(this::running)
                .sorted()
                .toList();
    }

    private static TrialState state(String trialId) throws Exception {
        return TuningLoopTest.trial(trialId).state;
    }

    @Test
    void theMedianRulePrunesALaggingTrialStopsItsProcessAndFillsItsSlot() throws Exception {
        String id = "median";
        ExperimentSpec u =
                sleeper(
                        id,
                        new Objective("accuracy", Objective.Goal.MAXIMIZE, 0.95),
                        new Budget(6, 3, 1),
                        new EarlyStopping(EarlyStopping.Rule.MEDIAN, 1, 2, null));
        TuningLoopTest.post(TuningLoopTest.event(u), false, 204);
        // three slots, each with one trial waiting behind it in the launcher
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                TuningLoopTest.trials(id).size() == 6
                                        && runningTrials(id).size() == 3);
        // and it stays so: the waiting ones do not start
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> runningTrials(id).size() == 3);
        List<String> first = runningTrials(id);
        assertThat(first).as("three run, three wait").hasSize(3);
        String a = first.get(0);
        String b = first.get(1);
        String c = first.get(2);

        progress(a, 1, 0.9);
        progress(b, 1, 0.8);
        assertThat(state(b)).as("one peer is not enough").isEqualTo(TrialState.RUNNING);
        progress(c, 1, 0.5);
        Trial pruned = TuningLoopTest.trial(c);
        assertThat(pruned.state).isEqualTo(TrialState.PRUNED);
        assertThat(pruned.reason)
                .contains("median rule at step 1")
                .contains("median 0.85 of 2 other trials");
        assertThat(pruned.lastStep).isEqualTo(1);
        // its process is killed and a waiting trial takes the slot at once
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !running(c) && runningTrials(id).size() == 3);
        String started =
                runningTrials(id).stream()
                        .filter(t -> !first.contains(t))
                        .findFirst()
                        .orElseThrow();
        Experiment e = TuningLoopTest.experiment(id);
        assertThat(e.trialsPruned).isEqualTo(1);
        assertThat(e.trialsRequested).isEqualTo(6);

        // the same result again, and a late one from the pruned trial, change nothing
        progress(c, 1, 0.5);
        progress(c, 2, 0.99);
        assertThat(TuningLoopTest.experiment(id).trialsFinished).isEqualTo(1);

        // trial a reaches the goal: the experiment ends, running and waiting trials are stopped
        TuningLoopTest.post(
                new KnobsEvent<>(
                        EventIds.trialFinished(a),
                        EventSources.TRIALS,
                        id,
                        new TrialFinished(
                                id,
                                a,
                                TrialStatus.SUCCEEDED,
                                Map.of("accuracy", 0.97),
                                null,
                                null,
                                0,
                                null)),
                true,
                204);
        await().atMost(Duration.ofSeconds(10)).until(() -> !running(b) && !running(started));
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> runningTrials(id).equals(List.of(a)));
        assertThat(runningTrials(id))
                .as("only the finished trial's own process is left; stopped trials never start")
                .containsOnly(a);
        e = TuningLoopTest.experiment(id);
        int number = Integer.parseInt(a.substring(a.lastIndexOf("-t") + 2));
        assertThat(e.stopReason)
                .startsWith("trial " + number + " reached the goal: accuracy 0.97 ≥ 0.95");
        assertThat(e.status).isNotEqualTo(ExperimentStatus.RUNNING);
        assertThat(e.trialsStopped).isEqualTo(4);
        assertThat(TuningLoopTest.trials(id))
                .allSatisfy(
                        t ->
                                assertThat(t.state)
                                        .isEqualTo(
                                                t.id.equals(a)
                                                        ? TrialState.SUCCEEDED
                                                        : t.id.equals(c)
                                                                ? TrialState.PRUNED
                                                                : TrialState.STOPPED));
        assertThat(TuningLoopTest.trial(b).reason)
                .contains("stopped by the platform: trial " + number + " reached the goal");
        ExperimentFinished told = toldItsOwner(id);
        assertThat(told.outcome()).isEqualTo(ExperimentFinished.Outcome.GOAL_REACHED);
        assertThat(told.best().trialNumber()).isEqualTo(number);
        assertThat(
                        PlatformResource.TO_WEB.stream()
                                .map(ce -> EventCodec.fromCloudEvent(ce).data())
                                .filter(
                                        d ->
                                                d instanceof TrialCompleted t
                                                        && t.experimentId().equals(id))
                                .map(d -> ((TrialCompleted) d).outcome())
                                .distinct())
                .contains(TrialCompleted.Outcome.STOPPED, TrialCompleted.Outcome.PRUNED);
    }

    /** The experiment-finished its owner was sent (as the broker routed it to the front). */
    static ExperimentFinished toldItsOwner(String id) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                PlatformResource.TO_WEB.stream()
                                        .anyMatch(ce -> ce.getId().equals(id + "/finished")));
        return PlatformResource.TO_WEB.stream()
                .filter(ce -> ce.getId().equals(id + "/finished"))
                .map(ce -> (ExperimentFinished) EventCodec.fromCloudEvent(ce).data())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void ashaStopsATrialOutsideTheBestThirdAtARung() throws Exception {
        String id = "asha";
        ExperimentSpec u =
                sleeper(
                        id,
                        new Objective("loss", Objective.Goal.MINIMIZE),
                        new Budget(3, 3, 1, 60),
                        new EarlyStopping(EarlyStopping.Rule.ASHA, 2, null, 2));
        TuningLoopTest.post(TuningLoopTest.event(u), false, 204);
        await().atMost(Duration.ofSeconds(30)).until(() -> TuningLoopTest.trials(id).size() == 3);
        TuningLoopTest.post(lossAt(id + "-t1", 1, 0.1), false, 204);
        assertThat(trial(id, 1).state)
                .as("below the first rung (step 2)")
                .isEqualTo(TrialState.RUNNING);
        TuningLoopTest.post(lossAt(id + "-t1", 2, 0.5), false, 204);
        TuningLoopTest.post(lossAt(id + "-t2", 3, 0.4), false, 204);
        TuningLoopTest.post(lossAt(id + "-t3", 2, 0.6), false, 204);
        assertThat(TuningLoopTest.trials(id))
                .extracting(t -> t.state)
                .containsExactly(TrialState.RUNNING, TrialState.RUNNING, TrialState.PRUNED);
        assertThat(trial(id, 3).reason).contains("ASHA at rung 0 (step 2)").contains("best 1 of 3");
        // trial 1 reaches rung 1 (step 4) first: it goes on; trial 2 arrives worse and stops
        TuningLoopTest.post(lossAt(id + "-t1", 4, 0.3), false, 204);
        TuningLoopTest.post(lossAt(id + "-t2", 5, 0.35), false, 204);
        assertThat(TuningLoopTest.trials(id))
                .extracting(t -> t.state)
                .containsExactly(TrialState.RUNNING, TrialState.PRUNED, TrialState.PRUNED);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !running(id + "-t2") && !running(id + "-t3"));
    }

    private static KnobsEvent<TrialProgress> lossAt(String trialId, long step, double loss) {
        return progressOf(trialId, step, "loss", loss);
    }

    @Test
    void theBuiltInTrainerReportsProgressAndAshaPrunesRealTrials() throws Exception {
        String id = "asha-xgb";
        Path data = PlatformResource.artifacts.resolve(id + ".csv");
        Files.writeString(data, TuningLoopTest.csv(600, 5));
        ExperimentSpec u =
                new ExperimentSpec(
                        id,
                        "alice",
                        id,
                        new DatasetRef(id, data.toUri().toString(), "label"),
                        "xgboost",
                        null,
                        SearchSpaceParser.parse(
                                "learning_rate = 0.001 ~ 0.5 log\nmax_depth: 2..5\nn_estimators = 40"),
                        "random",
                        11,
                        new Objective("logloss", Objective.Goal.MINIMIZE),
                        new Budget(8, 2, 2),
                        new Resources(1, 512, 300),
                        EarlyStopping.of(EarlyStopping.Rule.ASHA));
        TuningLoopTest.post(TuningLoopTest.event(u), false, 204);
        Experiment e = TuningLoopTest.ended(id, Duration.ofMinutes(3));
        assertThat(e.status).as(e.stopReason).isEqualTo(ExperimentStatus.SUCCEEDED);
        List<Trial> trials = TuningLoopTest.trials(id);
        assertThat(trials).hasSize(8);
        assertThat(trials)
                .filteredOn(t -> t.state == TrialState.PRUNED)
                .isNotEmpty()
                .allSatisfy(
                        t -> {
                            assertThat(t.reason).startsWith("stopped early by ASHA at rung");
                            assertThat(t.lastStep).isLessThan(40);
                            assertThat(t.objectiveValue).isNull();
                        });
        // (a succeeded trial's last recorded step may be any: its end can overtake its last
        // progress reports on the way through the broker)
        assertThat(trials)
                .filteredOn(t -> t.state == TrialState.SUCCEEDED)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.objectiveValue).isNotNull());
        assertThat(e.trialsFinished).isEqualTo(8);
    }

    @Test
    void cancellingStopsEveryTrialAndPublishesNothing() throws Exception {
        String id = "cancelled";
        ExperimentSpec u =
                sleeper(
                        id,
                        new Objective("accuracy", Objective.Goal.MAXIMIZE),
                        new Budget(10, 2, 1),
                        null);
        TuningLoopTest.post(TuningLoopTest.event(u), false, 204);
        await().atMost(Duration.ofSeconds(30)).until(() -> runningTrials(id).size() == 2);
        KnobsEvent<CancelRequested> cancel =
                new KnobsEvent<>(
                        EventIds.cancelRequested(id),
                        EventSources.WEB,
                        id,
                        new CancelRequested(id, "mallory"));
        TuningLoopTest.post(cancel, false, 204);
        assertThat(TuningLoopTest.experiment(id).status)
                .as("an event alone, whoever it names, cancels nothing")
                .isEqualTo(ExperimentStatus.RUNNING);
        // what the front does when its owner cancels: records it, then emits the event
        QuarkusTransaction.requiringNew()
                .run(
                        () ->
                                Arc.container()
                                                .instance(EntityManager.class)
                                                .get()
                                                .find(Submission.class, id)
                                                .cancelRequestedAt =
                                        Instant.now());
        TuningLoopTest.post(
                new KnobsEvent<>(
                        EventIds.cancelRequested(id) + "-2",
                        EventSources.WEB,
                        id,
                        new CancelRequested(id, "alice")),
                true,
                204);
        Experiment e = TuningLoopTest.experiment(id);
        assertThat(e.status).isEqualTo(ExperimentStatus.CANCELLED);
        assertThat(e.stopReason).isEqualTo("cancelled by its owner");
        assertThat(e.finishedAt).isNotNull();
        assertThat(TuningLoopTest.trials(id))
                .hasSize(4)
                .allSatisfy(t -> assertThat(t.state).isEqualTo(TrialState.STOPPED));
        await().atMost(Duration.ofSeconds(10)).until(() -> runningTrials(id).isEmpty());
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> runningTrials(id).isEmpty());
        assertThat(runningTrials(id)).isEmpty();
        assertThat(TuningLoopTest.experiment(id).status).isEqualTo(ExperimentStatus.CANCELLED);
        assertThat(toldItsOwner(id).outcome()).isEqualTo(ExperimentFinished.Outcome.CANCELLED);
    }

    @Test
    void anExperimentEndsWhenItsTimeIsSpent() throws Exception {
        String id = "timed";
        ExperimentSpec u =
                sleeper(
                        id,
                        new Objective("accuracy", Objective.Goal.MAXIMIZE),
                        new Budget(10, 2, 1, 3),
                        null);
        long start = System.nanoTime();
        TuningLoopTest.post(TuningLoopTest.event(u), false, 204);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> TuningLoopTest.experiment(id).status.ended());
        double seconds = (System.nanoTime() - start) / 1e9;
        Experiment e = TuningLoopTest.experiment(id);
        assertThat(seconds).isBetween(3.0, 12.0);
        assertThat(e.stopReason).startsWith("the time budget of 3 s was spent");
        assertThat(e.status).as("no trial succeeded").isEqualTo(ExperimentStatus.FAILED);
        ExperimentFinished told = toldItsOwner(id);
        assertThat(told.outcome()).isEqualTo(ExperimentFinished.Outcome.FAILED);
        assertThat(told.reason()).startsWith("the time budget of 3 s was spent");
        assertThat(told.best()).isNull();
        // two running, two waiting in the launcher: all stopped
        assertThat(TuningLoopTest.trials(id))
                .hasSize(4)
                .allSatisfy(t -> assertThat(t.state).isEqualTo(TrialState.STOPPED));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !running(id + "-t1") && !running(id + "-t2"));
    }
}
