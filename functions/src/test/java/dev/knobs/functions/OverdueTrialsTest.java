package dev.knobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.functions.trial.OverdueTrials;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A trial left running with nobody to report it (the functions restarted) is failed after its
 * deadline.
 */
@QuarkusTest
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class OverdueTrialsTest {
    @Inject OverdueTrials overdue;

    @Test
    void aTrialLeftRunningPastItsDeadlineIsFailedAndTheExperimentMovesOn() throws Throwable {
        UploadReceived u = TuningLoopTest.upload("orphan", "max_depth: 2..3", "xgboost", 1, 1);
        Instant started =
                Instant.now()
                        .minusSeconds(2L * u.resources().deadlineSeconds())
                        .minus(Duration.ofMinutes(3));
        QuarkusTransaction.requiringNew()
                .run(
                        () -> {
                            Experiment e = new Experiment();
                            e.id = "orphan";
                            e.owner = "alice";
                            e.name = "orphan";
                            e.status = ExperimentStatus.RUNNING;
                            e.spec = Json.MAPPER.valueToTree(u).toString();
                            e.objectiveMetric = "accuracy";
                            e.maximize = true;
                            e.maxTrials = 1;
                            e.trialsRequested = 1;
                            e.createdAt = started;
                            Trial t = new Trial();
                            t.id = EventIds.trialId("orphan", 1);
                            t.experimentId = "orphan";
                            t.number = 1;
                            t.state = TrialState.RUNNING;
                            t.parameters = "{\"max_depth\":2}";
                            t.requestedAt = started;
                            t.startedAt = started;
                            EntityManager em = Arc.container().instance(EntityManager.class).get();
                            em.persist(e);
                            em.persist(t);
                        });
        assertThat(overdue.sweep(Instant.now())).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TuningLoopTest.experiment("orphan").status.ended());
        Trial t = TuningLoopTest.trials("orphan").get(0);
        assertThat(t.state).isEqualTo(TrialState.FAILED);
        assertThat(t.reason).contains("after twice its deadline of 300 s");
        assertThat(TuningLoopTest.experiment("orphan").status).isEqualTo(ExperimentStatus.FAILED);
        // a second sweep finds nothing left
        assertThat(overdue.sweep(Instant.now())).isZero();
    }
}
