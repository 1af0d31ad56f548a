package dev.knobs.functions.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.domain.wiring.SandboxSupport;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.TuningLoopTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A non-administrator's own code in the sandbox of one machine, trying to get out: each attempt
 * fails inside the sandbox (the trainer prints {@code score=0} when it was stopped, {@code score=1}
 * had it got through) or the trial ends with a clear reason; the platform runs on, and an ordinary
 * trial afterwards succeeds. Limits are small here so the suite is quick.
 */
@QuarkusTest
@TestProfile(SandboxEscapeTest.SmallLimits.class)
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class SandboxEscapeTest {
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "knobs.trial.sandbox.output-mb", "8",
                    "knobs.trial.sandbox.disk-mb", "64",
                    "knobs.trial.sandbox.file-mb", "32",
                    "knobs.trial.sandbox.processes", "64");
        }
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    @BeforeAll
    static void needsBubblewrap() {
        assumeThat(SandboxSupport.available() || "true".equals(System.getenv("CI")))
                .as("bubblewrap is not installed (apt-get install bubblewrap)")
                .isTrue();
        assertThat(SandboxSupport.available()).as(SandboxSupport.MISSING).isTrue();
    }

    /** Runs {@code command} as bob's (not an administrator) one-trial experiment; its trial. */
    static Trial run(String command, int deadlineSeconds, DatasetRef dataset) throws Exception {
        return run(new CustomTrainer(null, command, null, null), "x = 1", deadlineSeconds, dataset);
    }

    static Trial run(CustomTrainer trainer, String space, int deadlineSeconds, DatasetRef dataset)
            throws Exception {
        String id = "escape-" + RUNS.incrementAndGet();
        TuningLoopTest.startCustom(
                id,
                "bob",
                trainer,
                dataset,
                space,
                "random",
                new Budget(1, 1, 1),
                new Resources(1, 512, deadlineSeconds));
        await().atMost(Duration.ofSeconds(deadlineSeconds + 60))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            Experiment e = TuningLoopTest.experiment(id);
                            return e != null && e.status.ended();
                        });
        List<Trial> trials = TuningLoopTest.trials(id);
        assertThat(trials).hasSize(1);
        return trials.get(0);
    }

    /** It ran, and what it tried did not get through. */
    static void blocked(Trial t) {
        assertThat(t.state).as(t.reason + "\n" + t.logTail).isEqualTo(TrialState.SUCCEEDED);
        assertThat(t.objectiveValue).as(t.logTail).isEqualTo(0.0);
    }

    @Test
    void theDataFolderOtherTrialsAndTheMachinesSecretsAreNotThere() throws Exception {
        Path data = PlatformResource.root;
        Files.createDirectories(data.resolve("trials").resolve("someone-else-t1"));
        Files.writeString(data.resolve("trials/someone-else-t1/output.log"), "secret");
        blocked(run("ls " + data + " && echo score=1 || echo score=0", 30, null));
        blocked(
                run(
                        "cat "
                                + data
                                + "/trials/someone-else-t1/output.log && echo score=1"
                                + " || echo score=0",
                        30,
                        null));
        blocked(run("cat /etc/shadow && echo score=1 || echo score=0", 30, null));
        blocked(
                run(
                        "ls /root /home 2>/dev/null | grep -q . && echo score=1 || echo score=0",
                        30,
                        null));
        // the system's folders are read-only
        blocked(run("touch /usr/bin/planted && echo score=1 || echo score=0", 30, null));
    }

    @Test
    void noNetworkAtAllNotEvenThePlatformOnLoopback() throws Exception {
        String connect =
                "python3 -c \"import socket; socket.create_connection(('%s', %d), 3)\" && echo"
                        + " score=1 || echo score=0";
        blocked(run(String.format(connect, "127.0.0.1", PlatformResource.APP_PORT), 30, null));
        blocked(run(String.format(connect, "1.1.1.1", 53), 30, null));
    }

    @Test
    void aModelThatLinksOutOfItsFolderIsNotFollowedAndOneThatCannotBeServedFailsTheTrial()
            throws Exception {
        // the platform reads the model outside the sandbox, with its own rights: a link would
        // have it upload any file it can read as "the model"
        Path secret = PlatformResource.root.resolve("platform-secret.txt");
        Files.writeString(secret, "secret");
        Trial linked = run("ln -s " + secret + " model.onnx; echo score=1", 30, null);
        assertThat(linked.state).as(linked.reason).isEqualTo(TrialState.SUCCEEDED);
        assertThat(linked.modelUrl).as("no model taken through the link").isNull();

        Trial unservable = run("echo '{\"learner\": {}}' > model.json; echo score=1", 30, null);
        assertThat(unservable.state).isEqualTo(TrialState.FAILED);
        assertThat(unservable.reason)
                .startsWith(
                        "its model.json cannot be served: this XGBoost model has no feature names");

        Trial both = run("touch model.onnx model.json; echo score=1", 30, null);
        assertThat(both.state).isEqualTo(TrialState.FAILED);
        assertThat(both.reason).contains("left both model.onnx and model.json");
    }

    @Test
    void aForkBombIsHeldAndEndsWithItsDeadline() throws Exception {
        Trial t = run("bomb() { bomb | bomb & }; bomb; sleep 30", 8, null);
        assertThat(t.state).isEqualTo(TrialState.FAILED);
        // held at its process limit: its shell gives up ("Cannot fork") or its deadline ends it
        if (!t.reason.contains("exceeded its deadline of 8 s")) {
            assertThat(t.reason).startsWith("the trainer exited with status");
            assertThat(t.logTail).containsAnyOf("fork", "Resource temporarily unavailable");
        }
        assertStillWorks();
    }

    @Test
    void fillingTheDiskOrTheOutputIsStoppedWithTheReason() throws Exception {
        // the trainer's own write is cut short (its process gets SIGXFSZ): the trial fails so
        Trial big = run("echo starting; head -c 100000000 /dev/zero > big", 60, null);
        assertThat(big.state).isEqualTo(TrialState.FAILED);
        assertThat(big.reason).contains("larger than 32 MiB");

        Trial many =
                run(
                        "for i in $(seq 1 12); do head -c 8000000 /dev/zero > f$i; done; sleep 20;"
                                + " echo score=1",
                        60,
                        null);
        assertThat(many.state).isEqualTo(TrialState.FAILED);
        assertThat(many.reason).contains("working directory grew past 64 MiB");

        Trial loud = run("yes knobs | head -c 1000000000", 60, null);
        assertThat(loud.state).isEqualTo(TrialState.FAILED);
        assertThat(loud.reason).containsAnyOf("printed more than 8 MiB", "larger than 32 MiB");
        assertThat(
                        Files.size(
                                PlatformResource.root
                                        .resolve("trials")
                                        .resolve(loud.id)
                                        .resolve("output.log")))
                .isLessThanOrEqualTo(33L * 1024 * 1024);

        Trial tmp =
                run(
                        "head -c 400000000 /dev/zero > /tmp/big && echo score=1 || echo score=0",
                        60,
                        null);
        blocked(tmp);
    }

    @Test
    void outlivingTheDeadlineEndsTheTrialWithTheReason() throws Exception {
        Trial t = run("sleep 60; echo score=1", 3, null);
        assertThat(t.state).isEqualTo(TrialState.FAILED);
        assertThat(t.reason).contains("exceeded its deadline of 3 s");
    }

    @Test
    void itReadsItsDatasetAsAFileReportsStepsByPrintingAndCannotChangeTheDataset()
            throws Exception {
        Path csv = PlatformResource.artifacts.resolve("sandbox-data.csv");
        Files.writeString(csv, "x1,label\n1,yes\n2,no\n");
        Trial t =
                run(
                        "head -1 \"$KNOBS_DATASET_PATH\" | grep -q x1 || exit 3;"
                                + " (echo hack >> \"$KNOBS_DATASET_PATH\") 2>/dev/null && exit 4;"
                                + " for s in 1 2 3; do echo \"knobs step=$s score=0.$s\"; sleep 1;"
                                + " done; echo \"knobs final score=0.9 loss=0.1\"",
                        60,
                        new DatasetRef("sandbox-data", csv.toUri().toString(), "label"));
        assertThat(t.state).as(t.reason + "\n" + t.logTail).isEqualTo(TrialState.SUCCEEDED);
        assertThat(t.objectiveValue).isEqualTo(0.9);
        assertThat(Files.readString(csv)).isEqualTo("x1,label\n1,yes\n2,no\n");
        // its steps arrived as trial-progress while it ran (the last one judged was step 3)
        assertThat(t.lastStep).isEqualTo(3L);
    }

    @Test
    void thePythonHelperReadsTypedHyperparametersAndReportsStepsAndTheResult() throws Exception {
        Path zip = PlatformResource.artifacts.resolve("helper-trainer.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("knobs.py"));
            out.write(Files.readAllBytes(Path.of("../trainer-image/python/knobs.py")));
            out.putNextEntry(new java.util.zip.ZipEntry("train.py"));
            out.write(
                    String.join(
                                    "\n",
                                    "import knobs",
                                    "p = knobs.params()",
                                    "assert isinstance(p['depth'], int), p",
                                    "assert isinstance(p['lr'], float), p",
                                    "assert knobs.model_path() == '/work/model.onnx'",
                                    "for s in (1, 2, 3):",
                                    "    knobs.report(s, score=0.1 * s)",
                                    "try:",
                                    "    knobs.report(2, score=1.0)",
                                    "    raise SystemExit('a step that does not grow was taken')",
                                    "except ValueError:",
                                    "    pass",
                                    "knobs.finish(score=0.75, loss=0.25)",
                                    "")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Trial t =
                run(
                        new CustomTrainer(zip.toUri().toString(), "python3 train.py", null, null),
                        "lr = 0.01, depth = 3",
                        60,
                        null);
        assertThat(t.state).as(t.reason + "\n" + t.logTail).isEqualTo(TrialState.SUCCEEDED);
        assertThat(t.objectiveValue).isEqualTo(0.75);
        // its steps came as trial-progress (printed all at once at the end, the last ones may
        // arrive after its end, when nothing is judged any more)
        assertThat(t.lastStep).isNotNull().isBetween(1L, 3L);
        assertThat(t.metrics).contains("\"loss\":0.25");
    }

    private static void assertStillWorks() throws Exception {
        Trial ok = run("echo score=0.5", 30, null);
        assertThat(ok.state).as(ok.reason).isEqualTo(TrialState.SUCCEEDED);
    }
}
