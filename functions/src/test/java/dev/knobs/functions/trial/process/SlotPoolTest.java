package dev.knobs.functions.trial.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.functions.trial.TrialLaunch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The machine-wide slot pool: never more CPU or memory than the machine gives, nobody starved. */
class SlotPoolTest {

    private static TrialLaunch trial(String experiment, int n, double cpu, int memoryMb, int par) {
        return new TrialLaunch(
                experiment,
                experiment + "-t" + n,
                n,
                1,
                Map.of(),
                "xgboost",
                null,
                new DatasetRef("d", "file:///d.csv", "y"),
                new Objective("accuracy", Objective.Goal.MAXIMIZE),
                new Resources(cpu, memoryMb, 60),
                null,
                false,
                par);
    }

    private static List<String> ids(List<TrialLaunch> launches) {
        return launches.stream().map(TrialLaunch::trialId).toList();
    }

    @Test
    void moreTrialsThanTheMachineHoldsWaitAndStartAsOthersEnd() {
        SlotPool pool = new SlotPool(new SlotPool.Capacity(2, 4096));
        for (int i = 1; i <= 6; i++) {
            pool.offer(trial("a", i, 1, 512, 6));
        }
        assertThat(ids(pool.next())).containsExactly("a-t1", "a-t2");
        assertThat(pool.next()).isEmpty();
        assertThat(pool.cpuInUse()).isEqualTo(2.0);
        pool.release("a-t1");
        assertThat(ids(pool.next())).containsExactly("a-t3");
        assertThat(pool.runningCount()).isEqualTo(2);
    }

    @Test
    void memoryIsAsScarceAsCpu() {
        SlotPool pool = new SlotPool(new SlotPool.Capacity(8, 1000));
        pool.offer(trial("m", 1, 0.5, 600, 4));
        pool.offer(trial("m", 2, 0.5, 600, 4));
        assertThat(ids(pool.next())).containsExactly("m-t1");
        pool.release("m-t1");
        assertThat(ids(pool.next())).containsExactly("m-t2");
    }

    @Test
    void anExperimentNeverRunsMoreThanItsParallelTrials() {
        SlotPool pool = new SlotPool(new SlotPool.Capacity(16, 65536));
        for (int i = 1; i <= 5; i++) {
            pool.offer(trial("p", i, 1, 256, 2));
        }
        pool.offer(trial("q", 1, 1, 256, 2));
        assertThat(ids(pool.next())).containsExactly("p-t1", "p-t2", "q-t1");
    }

    @Test
    void aLargeTrialIsNotStarvedBySmallOnesBehindIt() {
        SlotPool pool = new SlotPool(new SlotPool.Capacity(4, 65536));
        pool.offer(trial("s", 1, 2, 256, 8));
        pool.offer(trial("s", 2, 2, 256, 8));
        assertThat(pool.next()).hasSize(2);
        pool.offer(trial("big", 1, 4, 256, 1));
        for (int i = 3; i <= 8; i++) {
            pool.offer(trial("s", i, 2, 256, 8));
        }
        pool.release("s-t1");
        // two CPUs are free, but the big trial came first: the small ones wait behind it
        assertThat(pool.next()).isEmpty();
        pool.release("s-t2");
        assertThat(ids(pool.next())).containsExactly("big-t1");
    }

    @Test
    void aTrialThatCanNeverFitIsToldWhy() {
        SlotPool pool = new SlotPool(new SlotPool.Capacity(2, 2048));
        assertThat(pool.neverFits(trial("x", 1, 3, 256, 1))).contains("3.0 CPUs").contains("2.0");
        assertThat(pool.neverFits(trial("x", 2, 1, 4096, 1))).contains("4096 MiB");
        assertThat(pool.neverFits(trial("x", 3, 2, 2048, 1))).isNull();
    }

    @Test
    void underAnyMixOfTrialsTheMachineIsNeverOverCommittedAndEveryTrialRuns() {
        Random random = new Random(7);
        SlotPool pool = new SlotPool(new SlotPool.Capacity(3, 4096));
        List<TrialLaunch> offered = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            TrialLaunch t =
                    trial(
                            "e" + random.nextInt(4),
                            i,
                            0.25 * (1 + random.nextInt(12)),
                            128 * (1 + random.nextInt(32)),
                            1 + random.nextInt(4));
            offered.add(t);
            pool.offer(t);
        }
        List<String> started = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (int step = 0; step < 10_000 && started.size() < offered.size(); step++) {
            for (TrialLaunch t : pool.next()) {
                started.add(t.trialId());
                running.add(t.trialId());
            }
            assertThat(pool.cpuInUse()).isLessThanOrEqualTo(3.0 + 1e-9);
            if (!running.isEmpty()) {
                pool.release(running.remove(random.nextInt(running.size())));
            }
        }
        assertThat(started).hasSize(offered.size()).doesNotHaveDuplicates();
    }
}
