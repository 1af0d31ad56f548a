package dev.knobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.functions.recovery.Reconciler;
import dev.knobs.functions.trial.OverdueTrials;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A trial left running with no process behind it (the platform was killed under it) is lost, not
 * failed: the reconciler runs it again, says so in its history, and the experiment finishes without
 * counting it against its failure budget. The overdue sweep leaves such a trial alone.
 */
@QuarkusTest
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class OverdueTrialsTest {
    @Inject OverdueTrials overdue;
    @Inject Reconciler reconciler;

    @Test
    void aTrialWhoseProcessIsGoneRunsAgainAndDoesNotCountAsFailed() throws Throwable {
        ExperimentSpec u = TuningLoopTest.upload("orphan", "max_depth: 2..3", "xgboost", 1, 1);
        TuningLoopTest.submit(u, "user");
        Instant started =
                Instant.now()
                        .minusSeconds(2L * u.resources().deadlineSeconds())
                        .minus(Duration.ofMinutes(3));
        TuningLoopTest.runningRows(u, 1, 1, started);
        // no launcher holds it: not the overdue sweep's to fail
        assertThat(overdue.sweep(Instant.now())).isZero();
        // the reconciler (this pass, or its own schedule) reports it lost
        reconciler.reconcile(Instant.now().plus(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> TuningLoopTest.experiment("orphan").status.ended());
        Trial t = TuningLoopTest.trials("orphan").get(0);
        assertThat(t.state).as(t.reason).isEqualTo(TrialState.SUCCEEDED);
        assertThat(t.attempt).isEqualTo(2);
        assertThat(t.history).contains("attempt 1 was lost and run again");
        Experiment e = TuningLoopTest.experiment("orphan");
        assertThat(e.trialsFailed).isZero();
        assertThat(e.trialsFinished).isEqualTo(1);
        assertThat(e.status).isEqualTo(ExperimentStatus.SUCCEEDED);
    }
}
