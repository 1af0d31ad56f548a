package dev.knobs.functions.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.wiring.SandboxSupport;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.TuningLoopTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * On one machine, where users share its slots, one user's sandboxed trials never run more at once
 * than the per-user count ({@code knobs.trial.quota.trials}), over all their experiments: the
 * others wait, none fails, and another user's experiment is not held back by them.
 */
@QuarkusTest
@TestProfile(TrialCountQuotaTest.OneTrialEach.class)
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class TrialCountQuotaTest {
    public static class OneTrialEach implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("knobs.trial.quota.trials", "1");
        }
    }

    @Test
    void aUsersTrialsWaitForTheirCountAndAllFinishWhileAnotherUsersRunBeside() throws Exception {
        assumeThat(SandboxSupport.available() || "true".equals(System.getenv("CI")))
                .as(SandboxSupport.MISSING)
                .isTrue();
        List<String> bobs = List.of("count-bob-1", "count-bob-2");
        for (String id : bobs) {
            start(id, "bob");
        }
        start("count-eve-1", "eve");
        AtomicInteger bobMost = new AtomicInteger();
        AtomicInteger eveMost = new AtomicInteger();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            bobMost.accumulateAndGet(running(bobs), Math::max);
                            eveMost.accumulateAndGet(running(List.of("count-eve-1")), Math::max);
                            return ended("count-bob-1")
                                    && ended("count-bob-2")
                                    && ended("count-eve-1");
                        });
        assertThat(bobMost.get()).as("bob's trials at once, with a count of one").isEqualTo(1);
        assertThat(eveMost.get()).as("eve's, beside bob's").isEqualTo(1);
        for (String id : List.of("count-bob-1", "count-bob-2", "count-eve-1")) {
            Experiment e = TuningLoopTest.experiment(id);
            assertThat(e.status).as(e.stopReason).isEqualTo(ExperimentStatus.SUCCEEDED);
            assertThat(e.trialsFinished).isEqualTo(3);
            assertThat(e.trialsFailed).isZero();
        }
    }

    private static int running(List<String> ids) {
        int n = 0;
        for (String id : ids) {
            Experiment e = TuningLoopTest.experiment(id);
            n += e == null ? 0 : e.trialsRunning();
        }
        return n;
    }

    private static boolean ended(String id) {
        Experiment e = TuningLoopTest.experiment(id);
        return e != null && e.status.ended();
    }

    /** Three sandboxed trials of a second each, two at a time as far as the experiment goes. */
    private static void start(String id, String owner) throws Exception {
        TuningLoopTest.startCustom(
                id,
                owner,
                new CustomTrainer(null, "sleep 1; echo score=0.5", null, null),
                null,
                "x = 1 ~ 3 integer",
                "grid",
                new Budget(3, 2, 1),
                new Resources(0.5, 256, 60));
    }
}
