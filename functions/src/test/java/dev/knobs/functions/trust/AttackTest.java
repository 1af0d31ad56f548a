package dev.knobs.functions.trust;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.domain.wiring.SandboxSupport;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.EventType;
import dev.knobs.eventing.GoldenEvents;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.BestSelected;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.ModelUploaded;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.eventing.trust.PlatformKey;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.TuningLoopTest;
import io.cloudevents.CloudEvent;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The functions as an attacker meets them: every event type, in both modes, from anyone but the
 * broker is refused before it is read; from the broker but not signed by the platform, refused
 * before a handler runs; and a genuine event that names things it should not (another owner, a
 * trainer its owner may not run, a model elsewhere, a publication that was never decided) changes
 * nothing the database does not allow.
 */
@QuarkusTest
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class AttackTest {
    private static final Credentials OURS = PlatformResource.CREDENTIALS;

    private static int post(CloudEvent ce, boolean structured, String bearer) {
        RequestSpecification request = given();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        byte[] body =
                structured
                        ? EventCodec.writeStructured(ce, request::header)
                        : EventCodec.writeBinary(ce, request::header);
        return request.body(body).post("/").statusCode();
    }

    /** What the golden events name, wherever it could have been recorded: nothing, here. */
    private static long traces() {
        List<String> keys =
                GoldenEvents.all().values().stream()
                        .map(ce -> ce.getSource() + " " + ce.getId())
                        .toList();
        return TuningLoopTest.db(
                () -> {
                    EntityManager em = Arc.container().instance(EntityManager.class).get();
                    long processed =
                            em.createQuery(
                                            "select count(p) from ProcessedEvent p where p.key in"
                                                    + " ?1",
                                            Long.class)
                                    .setParameter(1, keys)
                                    .getSingleResult();
                    long experiments =
                            em.createQuery(
                                            "select count(e) from Experiment e where e.id ="
                                                    + " 'exp-7f3a9c'",
                                            Long.class)
                                    .getSingleResult();
                    long models =
                            em.createQuery(
                                            "select count(m) from PublishedModel m where m.name in"
                                                    + " ('churn', 'churn-ea4f22', 'iris')",
                                            Long.class)
                                    .getSingleResult();
                    return processed + experiments + models;
                });
    }

    @Test
    void everyEventTypeFromAnyoneButTheBrokerOrWithoutThePlatformsSignatureIsRefused() {
        EventSignatures otherKey =
                new EventSignatures(PlatformKey.of("b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMhISE="));
        Map<String, String> notTheBroker = new LinkedHashMap<>();
        notTheBroker.put("no credential", null);
        notTheBroker.put("garbage", "knobs_part~broker~AAAA");
        notTheBroker.put("the front", OURS.part(Credentials.Part.WEB));
        notTheBroker.put("the functions", OURS.part(Credentials.Part.FUNCTIONS));
        notTheBroker.put("a trial", OURS.trial("exp-7f3a9c-t1", 1, Instant.now().plusSeconds(60)));
        notTheBroker.put("a model server", OURS.modelServer("exp-7f3a9c"));
        notTheBroker.put(
                "another platform's broker",
                new Credentials(PlatformKey.of("b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMhISE="))
                        .part(Credentials.Part.BROKER));
        String broker = OURS.part(Credentials.Part.BROKER);
        int cases = 0;
        for (var golden : GoldenEvents.all().entrySet()) {
            KnobsEvent<?> event = EventCodec.fromCloudEvent(golden.getValue());
            CloudEvent unsigned = EventCodec.toCloudEvent(event);
            CloudEvent forged = EventCodec.toCloudEvent(event, otherKey);
            for (boolean structured : new boolean[] {false, true}) {
                for (var caller : notTheBroker.entrySet()) {
                    CloudEvent signed = EventCodec.toCloudEvent(event, PlatformResource.SIGNATURES);
                    assertThat(post(signed, structured, caller.getValue()))
                            .as(golden.getKey() + " from " + caller.getKey())
                            .isEqualTo(401);
                    cases++;
                }
                EventType type = event.type();
                if (type.forOwners() && type != EventType.MODEL_ACCESS_CHANGED) {
                    continue; // no function takes it (the front does): not ours to judge
                }
                assertThat(post(unsigned, structured, broker))
                        .as(golden.getKey() + " unsigned")
                        .isEqualTo(403);
                assertThat(post(forged, structured, broker))
                        .as(golden.getKey() + " signed with another key")
                        .isEqualTo(403);
                cases += 2;
            }
        }
        assertThat(cases).isGreaterThan(150);
        assertThat(traces()).as("rows the refused events left").isZero();
    }

    @Test
    void anEventCannotMakeSomeoneElseTheOwnerNorStartWhatNobodySubmitted() throws Exception {
        ExperimentSpec spec = TuningLoopTest.upload("owned", "max_depth: 2..3", "xgboost", 1, 1);
        TuningLoopTest.submit(spec, "user");
        KnobsEvent<UploadReceived> lie =
                new KnobsEvent<>(
                        EventIds.uploadReceived("owned"),
                        EventSources.WEB,
                        "owned",
                        new UploadReceived("owned", "mallory", "mallory's now"));
        TuningLoopTest.post(lie, false, 204);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TuningLoopTest.experiment("owned") != null);
        Experiment e = TuningLoopTest.experiment("owned");
        assertThat(e.owner).isEqualTo("alice");
        assertThat(e.name).isEqualTo("owned");
        // an experiment nobody submitted is not started, whoever the event names
        TuningLoopTest.post(
                new KnobsEvent<>(
                        EventIds.uploadReceived("ghost"),
                        EventSources.WEB,
                        "ghost",
                        new UploadReceived("ghost", "alice", "ghost")),
                true,
                204);
        assertThat(TuningLoopTest.experiment("ghost")).isNull();
    }

    /**
     * Someone who is not an administrator: without a sandbox their command never runs; with one it
     * runs there, where the platform's data folder is not (docs/adr/0020).
     */
    @Test
    void aCustomCommandOfSomeoneWhoIsNotAnAdministratorNeverRunsOutsideTheSandbox()
            throws Exception {
        Path marker = PlatformResource.root.resolve("pwned-" + System.nanoTime());
        ExperimentSpec spec =
                new ExperimentSpec(
                        "intruder",
                        "bob",
                        "intruder",
                        null,
                        "custom",
                        new CustomTrainer(null, "touch " + marker + "; echo score=1", null, null),
                        SearchSpaceParser.parse("x = 0 ~ 1"),
                        "random",
                        1,
                        new Objective("score", Objective.Goal.MAXIMIZE),
                        new Budget(2, 1, 1),
                        new Resources(0.5, 128, 30),
                        null);
        TuningLoopTest.submit(spec, "user");
        TuningLoopTest.post(
                new KnobsEvent<>(
                        EventIds.uploadReceived("intruder"),
                        EventSources.WEB,
                        "intruder",
                        new UploadReceived("intruder", "admin", "intruder")),
                false,
                204);
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                TuningLoopTest.experiment("intruder") != null
                                        && TuningLoopTest.experiment("intruder").status.ended());
        Experiment e = TuningLoopTest.experiment("intruder");
        if (SandboxSupport.available()) {
            // it ran, and could not touch the platform's folder: it is not there
            assertThat(TuningLoopTest.trials("intruder"))
                    .isNotEmpty()
                    .allSatisfy(t -> assertThat(t.logTail).contains("No such file or directory"));
        } else {
            assertThat(e.status).isEqualTo(ExperimentStatus.FAILED);
            assertThat(e.stopReason).contains("bob is not an administrator");
            assertThat(TuningLoopTest.trials("intruder")).isEmpty();
        }
        // and nothing ran it meanwhile
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> !Files.exists(marker));
    }

    @Test
    void aReportCannotPlantAModelNorFinishAnotherAttemptAndNothingIsPublishedUndecided()
            throws Exception {
        ExperimentSpec spec = TuningLoopTest.upload("planted", "max_depth: 2..3", "xgboost", 2, 1);
        TuningLoopTest.submit(spec, "user");
        // two trials of attempt 2, started in the future: the reconciler leaves them alone
        TuningLoopTest.runningRows(spec, 2, 2, Instant.now().plusSeconds(3600));
        String t1 = EventIds.trialId("planted", 1);
        String t2 = EventIds.trialId("planted", 2);
        // trial 1 claims trial 2's model file
        ModelRef elsewhere =
                new ModelRef(PlatformResource.artifacts.toUri() + "models/" + t2, ModelRef.ONNX);
        TuningLoopTest.post(
                new KnobsEvent<>(
                        EventIds.trialFinished(t1, 2),
                        EventSources.TRIALS,
                        "planted",
                        new TrialFinished(
                                "planted",
                                t1,
                                TrialStatus.SUCCEEDED,
                                Map.of("accuracy", 0.99),
                                elsewhere,
                                null,
                                0,
                                null,
                                2)),
                false,
                204);
        Trial first = TuningLoopTest.trial(t1);
        assertThat(first.state).isEqualTo(TrialState.SUCCEEDED);
        assertThat(first.modelUrl).as("a model it may not have written").isNull();
        // an earlier attempt's report, and one naming another experiment, change nothing
        for (TrialFinished stale :
                List.of(
                        new TrialFinished(
                                "planted",
                                t2,
                                TrialStatus.FAILED,
                                Map.of(),
                                null,
                                "old",
                                1,
                                null,
                                1),
                        new TrialFinished(
                                "owned",
                                t2,
                                TrialStatus.FAILED,
                                Map.of(),
                                null,
                                "x",
                                1,
                                null,
                                2))) {
            TuningLoopTest.post(
                    new KnobsEvent<>(
                            EventIds.trialFinished(t2, stale.attemptOrFirst())
                                    + "-"
                                    + stale.experimentId(),
                            EventSources.TRIALS,
                            stale.experimentId(),
                            stale),
                    true,
                    204);
        }
        assertThat(TuningLoopTest.trial(t2).state).isEqualTo(TrialState.RUNNING);
        // a best-selected for an experiment that is not publishing deploys nothing
        TuningLoopTest.post(
                new KnobsEvent<>(
                        EventIds.bestSelected("planted"),
                        EventSources.FUNCTIONS,
                        "planted",
                        new BestSelected("planted", "mallory", null, List.of(), null)),
                false,
                204);
        // an upload nobody stored deploys nothing
        TuningLoopTest.post(
                new KnobsEvent<>(
                        EventIds.modelUploaded("planted", "no-such-upload"),
                        EventSources.WEB,
                        "planted",
                        new ModelUploaded("no-such-upload", "planted", "mallory")),
                false,
                204);
        assertThat(
                        TuningLoopTest.db(
                                () ->
                                        Arc.container()
                                                .instance(EntityManager.class)
                                                .get()
                                                .find(PublishedModel.class, "planted")))
                .isNull();
        assertThat(Set.of(TuningLoopTest.experiment("planted").status))
                .containsOnly(ExperimentStatus.RUNNING);
    }
}
