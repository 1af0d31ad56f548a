package dev.knobs.functions.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.TuningLoopTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * On a cluster, one user's trials never hold more than the user's quota at once: the others wait
 * (not fail), and two experiments of the same user share it.
 */
@QuarkusTest
@TestProfile(QuotaProfile.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class ClusterQuotaTest {
    @Inject KubernetesClient client;

    /**
     * alice's trials that hold resources now: requested or running, by the database — what the
     * quota counts (a trainer that has reported its end may still be exiting for a moment).
     */
    private static int holding() {
        int n = 0;
        for (String id : new String[] {"quota-a", "quota-b"}) {
            Experiment e = TuningLoopTest.experiment(id);
            n += e == null ? 0 : e.trialsRunning();
        }
        return n;
    }

    @Test
    void aUsersTrialsWaitForTheirQuotaAndAllFinish() throws Exception {
        try (ClusterStandIns cluster = ClusterStandIns.forPlatform(client, job -> false)) {
            for (String id : new String[] {"quota-a", "quota-b"}) {
                ExperimentSpec u = TuningLoopTest.upload(id, "max_depth: 2..5", "xgboost", 3, 3);
                TuningLoopTest.post(TuningLoopTest.event(u), false, 204);
            }
            AtomicInteger most = new AtomicInteger();
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> {
                                most.accumulateAndGet(holding(), Math::max);
                                return ended("quota-a") && ended("quota-b");
                            });
            assertThat(most.get())
                    .as("alice's trials at once, with a quota of one CPU")
                    .isEqualTo(1);
            assertThat(
                            client.batch()
                                    .v1()
                                    .jobs()
                                    .inNamespace(ClusterProfile.NAMESPACE)
                                    .list()
                                    .getItems())
                    .hasSize(6);
            for (String id : new String[] {"quota-a", "quota-b"}) {
                Experiment e = TuningLoopTest.experiment(id);
                assertThat(e.status).as(e.stopReason).isEqualTo(ExperimentStatus.SUCCEEDED);
                assertThat(e.trialsFinished).isEqualTo(3);
                assertThat(e.trialsFailed).isZero();
            }
        }
    }

    private static boolean ended(String id) {
        Experiment e = TuningLoopTest.experiment(id);
        return e != null && e.status.ended();
    }
}
