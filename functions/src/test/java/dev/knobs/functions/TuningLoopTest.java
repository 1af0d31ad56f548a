package dev.knobs.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.account.UserAccount;
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
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.experiment.Experiments;
import dev.knobs.functions.experiment.Trials;
import io.cloudevents.CloudEvent;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
public class TuningLoopTest {

    /** Reads rows in a transaction of its own, as another part of the platform would see them. */
    public static <T> T db(Supplier<T> query) {
        return QuarkusTransaction.requiringNew().call(query::get);
    }

    public static Experiment experiment(String id) {
        return db(() -> Arc.container().instance(Experiments.class).get().findById(id));
    }

    /** Waits (up to {@code within}) for the experiment to end, and returns it as it ended. */
    public static Experiment ended(String id, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> experiment(id) != null && experiment(id).status.ended());
        return experiment(id);
    }

    public static Trial trial(String id) {
        return db(() -> Arc.container().instance(Trials.class).get().findById(id));
    }

    public static List<Trial> trials(String id) {
        return db(() -> Arc.container().instance(Trials.class).get().of(id));
    }

    /**
     * Posts a Knobs event to the function endpoint in the given CloudEvents HTTP mode, as the
     * broker delivers it: signed by the platform, with the broker's credential.
     */
    public static void post(KnobsEvent<?> event, boolean structured, int expectedStatus) {
        CloudEvent ce = EventCodec.toCloudEvent(event, PlatformResource.SIGNATURES);
        RequestSpecification request =
                given().header(
                                "Authorization",
                                "Bearer "
                                        + PlatformResource.CREDENTIALS.part(
                                                Credentials.Part.BROKER));
        byte[] body =
                structured
                        ? EventCodec.writeStructured(ce, request::header)
                        : EventCodec.writeBinary(ce, request::header);
        request.body(body).post("/").then().statusCode(expectedStatus);
    }

    public static String csv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder csv = new StringBuilder("x1,x2,color,label\n");
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < rows; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian();
            String color = colors[r.nextInt(3)];
            boolean yes =
                    1.5 * x1 - x2 + (color.equals("red") ? 0.8 : 0) + 0.3 * r.nextGaussian() > 0;
            csv.append(
                    String.format(
                            Locale.ROOT, "%.4f,%.4f,%s,%s%n", x1, x2, color, yes ? "yes" : "no"));
        }
        return csv.toString();
    }

    public static ExperimentSpec upload(
            String id, String space, String algorithm, int maxTrials, int parallel)
            throws Exception {
        return upload(id, space, algorithm, maxTrials, parallel, "random");
    }

    public static ExperimentSpec upload(
            String id, String space, String algorithm, int maxTrials, int parallel, String search)
            throws Exception {
        Path data = PlatformResource.artifacts.resolve(id + ".csv");
        Files.writeString(data, csv(600, 11));
        return new ExperimentSpec(
                id,
                "alice",
                id,
                new DatasetRef(id, data.toUri().toString(), "label"),
                algorithm,
                null,
                SearchSpaceParser.parse(space),
                search,
                7,
                new Objective("accuracy", Objective.Goal.MAXIMIZE),
                new Budget(maxTrials, parallel, 2),
                new Resources(1, 512, 300),
                null);
    }

    /**
     * What the front does when someone submits {@code spec}: stores the submission (once; the owner
     * of a custom trainer an administrator, as the front requires on one machine) and names it in
     * an {@code upload-received} event.
     */
    public static KnobsEvent<UploadReceived> event(ExperimentSpec spec) {
        submit(spec, spec.trainer() != null ? UserAccount.ADMIN : "user");
        return new KnobsEvent<>(
                EventIds.uploadReceived(spec.experimentId()),
                EventSources.WEB,
                spec.experimentId(),
                new UploadReceived(spec.experimentId(), spec.owner(), spec.name()));
    }

    /**
     * What the functions would have written for {@code spec} while its trials ran: the experiment
     * RUNNING with {@code trials} trials of attempt {@code attempt}, each running since {@code
     * started} (as after a crash, when no process is behind them).
     */
    public static void runningRows(ExperimentSpec spec, int trials, int attempt, Instant started) {
        QuarkusTransaction.requiringNew()
                .run(
                        () -> {
                            Experiment e = new Experiment();
                            e.id = spec.experimentId();
                            e.owner = spec.owner();
                            e.name = spec.name();
                            e.status = ExperimentStatus.RUNNING;
                            e.spec = Json.write(spec);
                            e.objectiveMetric = spec.objective().metric();
                            e.maximize = true;
                            e.maxTrials = spec.budget().maxTrials();
                            e.trialsRequested = trials;
                            e.createdAt = started;
                            EntityManager em = Arc.container().instance(EntityManager.class).get();
                            em.persist(e);
                            for (int n = 1; n <= trials; n++) {
                                Trial t = new Trial();
                                t.id = EventIds.trialId(e.id, n);
                                t.experimentId = e.id;
                                t.number = n;
                                t.attempt = attempt;
                                t.state = TrialState.RUNNING;
                                t.parameters = "{\"max_depth\":2}";
                                t.requestedAt = started;
                                t.startedAt = started;
                                em.persist(t);
                            }
                        });
    }

    /**
     * Starts a custom trainer's experiment of {@code owner} (an ordinary user, made if new) as the
     * front does: the submission stored, then upload-received; the metric is {@code score}.
     */
    public static void startCustom(
            String id,
            String owner,
            CustomTrainer trainer,
            DatasetRef dataset,
            String space,
            String search,
            Budget budget,
            Resources resources)
            throws Exception {
        ExperimentSpec spec =
                new ExperimentSpec(
                        id,
                        owner,
                        id,
                        dataset,
                        "custom",
                        trainer,
                        SearchSpaceParser.parse(space),
                        search,
                        1,
                        new Objective("score", Objective.Goal.MAXIMIZE),
                        budget,
                        resources,
                        EarlyStopping.NONE);
        submit(spec, "user");
        post(
                new KnobsEvent<>(
                        EventIds.uploadReceived(id),
                        EventSources.WEB,
                        id,
                        new UploadReceived(id, owner, id)),
                true,
                204);
    }

    /** Stores {@code spec} as its owner's submission, the owner with {@code role}, once. */
    public static void submit(ExperimentSpec spec, String role) {
        QuarkusTransaction.requiringNew()
                .run(
                        () -> {
                            EntityManager em = Arc.container().instance(EntityManager.class).get();
                            if (em.find(UserAccount.class, spec.owner()) == null) {
                                UserAccount user = new UserAccount();
                                user.username = spec.owner();
                                user.passwordHash = "";
                                user.role = role;
                                user.createdAt = Instant.now();
                                em.persist(user);
                            }
                            if (em.find(Submission.class, spec.experimentId()) == null) {
                                Submission s = new Submission();
                                s.id = spec.experimentId();
                                s.owner = spec.owner();
                                s.name = spec.name();
                                s.payload = Json.write(spec);
                                s.createdAt = Instant.now();
                                em.persist(s);
                            }
                        });
    }

    @Test
    void aTrialThatCannotRunFailsWithItsReasonAndTheExperimentStopsAfterTooManyFailures()
            throws Throwable {
        ExperimentSpec u = upload("failing", "max_dept: 2..5", "xgboost", 12, 2);
        post(event(u), false, 204);
        Experiment e = ended("failing", Duration.ofMinutes(2));
        assertThat(e.status).isEqualTo(ExperimentStatus.FAILED);
        assertThat(e.stopReason)
                .contains("more than 2 trials failed")
                .contains("no trial succeeded");
        assertThat(e.trialsFailed)
                .isEqualTo(e.trialsFinished)
                .isGreaterThanOrEqualTo(3)
                .isLessThan(12);
        assertThat(trials("failing"))
                .allSatisfy(
                        t -> {
                            assertThat(t.state).isEqualTo(TrialState.FAILED);
                            assertThat(t.reason).contains("has no hyperparameter max_dept");
                        });
    }

    /** A request as the broker sends it: with the broker's credential. */
    public static RequestSpecification fromBroker() {
        return given().header(
                        "Authorization",
                        "Bearer " + PlatformResource.CREDENTIALS.part(Credentials.Part.BROKER));
    }

    @Test
    void theClusterClockIsAnsweredWithASweep() {
        fromBroker()
                .header("ce-id", "ping-1")
                .header("ce-source", "/apis/v1/namespaces/knobs/pingsources/knobs-clock")
                .header("ce-type", "dev.knative.sources.ping")
                .header("ce-specversion", "1.0")
                .header("Content-Type", "application/json")
                .body("{\"clock\":\"knobs\"}")
                .post("/")
                .then()
                .statusCode(204);
    }

    @Test
    void aMalformedEventIsRejectedAndChangesNothing() {
        fromBroker()
                .header("ce-id", "x")
                .header("ce-source", "/test")
                .header("ce-type", "dev.knobs.upload-received")
                .header("ce-specversion", "1.0")
                .header("Content-Type", "application/json")
                .body("{\"experimentId\": [\"bad\"")
                .post("/")
                .then()
                .statusCode(400);
    }
}
