package dev.knobs.functions.experiment;

import static dev.knobs.functions.TuningLoopTest.db;
import static dev.knobs.functions.TuningLoopTest.experiment;
import static dev.knobs.functions.TuningLoopTest.post;
import static dev.knobs.functions.TuningLoopTest.trials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.ModelRevision;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ExtensionRequested;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.TuningLoopTest;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An ended experiment extended by its owner: the search goes on from its history (trial numbers
 * continue, every trial counts for the best), the event's redelivery changes nothing, an extension
 * whose event was lost is taken up by the reconciler, and the best of all trials is served — as a
 * new version of the experiment's model, or the one served already when it is still the best.
 */
@QuarkusTest
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class ExtensionTest {

    @Test
    void anExtendedExperimentGoesOnFromItsHistoryAndServesTheBestOfAllItsTrials() throws Exception {
        String id = "extended";
        ExperimentSpec u =
                TuningLoopTest.upload(
                        id, "learning_rate = 0.001 ~ 0.5 log, max_depth: 1..6", "xgboost", 2, 2);
        runToTheEnd(u);
        Experiment first = experiment(id);
        assertThat(first.modelUrl).isNotNull();

        KnobsEvent<ExtensionRequested> event = extend(id, 6);
        post(event, true, 204);
        post(event, false, 204);
        awaitEnded(id, 8);

        Experiment e = experiment(id);
        assertThat(e.status).as(e.stopReason).isEqualTo(ExperimentStatus.SUCCEEDED);
        assertThat(e.extensions).isEqualTo(1);
        assertThat(e.maxTrials).isEqualTo(8);
        assertThat(e.trialsRequested).isEqualTo(8);
        List<Trial> all = trials(id);
        assertThat(all).extracting(t -> t.number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(all).allSatisfy(t -> assertThat(t.state).isEqualTo(TrialState.SUCCEEDED));
        Trial best =
                all.stream()
                        .sorted(Comparator.comparingInt(t -> t.number))
                        .max(Comparator.comparingDouble(t -> t.objectiveValue))
                        .orElseThrow();
        assertThat(e.bestTrialId).isEqualTo(best.id);
        if (best.number > 2) {
            // a trial of the extension won: a second version of the model serves it
            ModelRevision second = revision(id, 2);
            assertThat(second.state).isEqualTo(ModelRevision.State.SERVED);
            assertThat(second.artifactUrl).isEqualTo(best.modelUrl);
            assertThat(second.source).isEqualTo("best:" + id + "/extension/1");
        } else {
            assertThat(e.stopReason).contains("whose model stays served");
        }
        assertThat(e.modelUrl).isEqualTo(first.modelUrl);
        awaitToldItsOwner(id + "/extension/1/started");
        awaitToldItsOwner(id + "/extension/1/finished");

        // the extension's event again, much later: nothing runs again
        post(event, true, 204);
        assertThat(experiment(id).trialsRequested).isEqualTo(8);
    }

    @Test
    void aGridRunThroughIsNotRunAgainAndItsServedModelStays() throws Exception {
        String id = "extended-grid";
        ExperimentSpec u =
                TuningLoopTest.upload(
                        id, "max_depth in [2, 3], n_estimators in [20, 40]", "xgboost", 4, 2);
        u = withSearch(u, "grid");
        runToTheEnd(u);
        String url = experiment(id).modelUrl;

        post(extend(id, 3), true, 204);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> experiment(id).extensions == 1 && experiment(id).status.ended());
        Experiment e = experiment(id);
        assertThat(e.status).isEqualTo(ExperimentStatus.SUCCEEDED);
        assertThat(e.trialsRequested).isEqualTo(4);
        assertThat(e.stopReason)
                .startsWith("the search space is exhausted after 4 trials")
                .contains("whose model stays served at " + url);
        assertThat(e.modelUrl).isEqualTo(url);
        assertThat(revision(id, 2)).isNull();
    }

    @Test
    void anExtensionWhoseEventWasLostIsTakenUpByTheReconciler() throws Exception {
        String id = "extended-quietly";
        ExperimentSpec u =
                TuningLoopTest.upload(id, "learning_rate = 0.05 ~ 0.5 log", "xgboost", 1, 1);
        runToTheEnd(u);
        extend(id, 2); // recorded by the front, its wake-up never sent
        awaitEnded(id, 3);
        assertThat(experiment(id).extensions).isEqualTo(1);
        assertThat(trials(id)).extracting(t -> t.number).containsExactly(1, 2, 3);
    }

    @Test
    void anExtensionOfARunningExperimentWaitsUntilItHasEnded() throws Exception {
        String id = "extended-early";
        ExperimentSpec u =
                TuningLoopTest.upload(id, "learning_rate = 0.05 ~ 0.5 log", "xgboost", 2, 1);
        post(TuningLoopTest.event(u), true, 204);
        await().atMost(Duration.ofSeconds(60)).until(() -> experiment(id) != null);
        // (the front refuses this while it runs; the functions must not act on it either)
        post(extend(id, 1), true, 204);
        // the first run ends as it would have; then the reconciler takes the extension up
        awaitEnded(id, 3);
        assertThat(experiment(id).extensions).isEqualTo(1);
        awaitToldItsOwner(id + "/extension/1/finished");
        List<String> told =
                PlatformResource.TO_WEB.stream()
                        .map(ce -> ce.getId())
                        .filter(e -> e.startsWith(id + "/"))
                        .toList();
        assertThat(told.indexOf(id + "/finished"))
                .isNotNegative()
                .isLessThan(told.indexOf(id + "/extension/1/started"));
    }

    private static void runToTheEnd(ExperimentSpec u) throws Exception {
        post(TuningLoopTest.event(u), true, 204);
        awaitEnded(u.experimentId(), u.budget().maxTrials());
        Experiment e = experiment(u.experimentId());
        assertThat(e.status).as(e.stopReason).isEqualTo(ExperimentStatus.SUCCEEDED);
    }

    private static void awaitEnded(String id, int trials) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            Experiment e = experiment(id);
                            return e != null
                                    && e.status.ended()
                                    && e.trialsRequested == trials
                                    && e.trialsFinished == trials;
                        });
    }

    /** What the front records when the owner extends the experiment by {@code trials}. */
    static KnobsEvent<ExtensionRequested> extend(String id, int trials) {
        int extension =
                QuarkusTransaction.requiringNew()
                        .call(
                                () -> {
                                    EntityManager em =
                                            Arc.container().instance(EntityManager.class).get();
                                    Submission s = em.find(Submission.class, id);
                                    s.extensions++;
                                    s.extraTrials += trials;
                                    return s.extensions;
                                });
        return new KnobsEvent<>(
                EventIds.extensionRequested(id, extension),
                EventSources.WEB,
                id,
                new ExtensionRequested(id, "alice", extension));
    }

    private static ModelRevision revision(String name, int revision) {
        return db(
                () ->
                        Arc.container()
                                .instance(EntityManager.class)
                                .get()
                                .find(ModelRevision.class, ModelRevision.id(name, revision)));
    }

    private static void awaitToldItsOwner(String eventId) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                PlatformResource.TO_WEB.stream()
                                        .anyMatch(ce -> ce.getId().equals(eventId)));
    }

    private static ExperimentSpec withSearch(ExperimentSpec s, String search) {
        return new ExperimentSpec(
                s.experimentId(),
                s.owner(),
                s.name(),
                s.dataset(),
                s.algorithm(),
                s.trainer(),
                s.searchSpace(),
                search,
                s.seed(),
                s.objective(),
                s.budget(),
                s.resources(),
                s.earlyStopping());
    }
}
