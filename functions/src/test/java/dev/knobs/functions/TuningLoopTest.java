package dev.knobs.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.EventType;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.eventing.payload.UploadReceived;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
public class TuningLoopTest {

    public static <T> T db(Supplier<io.smallrye.mutiny.Uni<T>> query) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(query));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static Experiment experiment(String id) throws Exception {
        return db(() -> Experiment.<Experiment>findById(id));
    }

    public static List<Trial> trials(String id) throws Exception {
        return db(() -> Trial.<Trial>list("experimentId = ?1 order by number", id));
    }

    /** Posts a Knobs event to the function endpoint in the given CloudEvents HTTP mode. */
    public static void post(KnobsEvent<?> event, boolean structured, int expectedStatus) {
        CloudEvent ce = EventCodec.toCloudEvent(event);
        RequestSpecification request = given();
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

    public static UploadReceived upload(
            String id, String space, String algorithm, int maxTrials, int parallel)
            throws Exception {
        Path data = PlatformResource.artifacts.resolve(id + ".csv");
        Files.writeString(data, csv(600, 11));
        return new UploadReceived(
                id,
                "alice",
                id,
                new DatasetRef(id, data.toUri().toString(), "label"),
                algorithm,
                null,
                SearchSpaceParser.parse(space),
                "random",
                7,
                new Objective("accuracy", Objective.Goal.MAXIMIZE),
                new Budget(maxTrials, parallel, 2),
                new Resources(1, 512, 300));
    }

    public static KnobsEvent<UploadReceived> event(UploadReceived u) {
        return new KnobsEvent<>(
                EventIds.uploadReceived(u.experimentId()), EventSources.WEB, u.experimentId(), u);
    }

    @ParameterizedTest(name = "structured={0}")
    @ValueSource(booleans = {false, true})
    void runsAnExperimentToAPublishedModelWithEveryEventDeliveredTwice(boolean structured)
            throws Throwable {
        String id = "loop-" + (structured ? "s" : "b");
        UploadReceived u =
                upload(
                        id,
                        "learning_rate = 0.05 ~ 0.5 log, max_depth: 2..5, n_estimators in [20, 40]",
                        "xgboost",
                        5,
                        2);
        post(event(u), structured, 204);
        post(event(u), !structured, 204);

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> experiment(id) != null && experiment(id).status.ended());
        Experiment e = experiment(id);
        assertThat(e.status).as(e.stopReason).isEqualTo(ExperimentStatus.SUCCEEDED);
        assertThat(e.trialsRequested).isEqualTo(5);
        assertThat(e.trialsFinished).isEqualTo(5);
        List<Trial> trials = trials(id);
        assertThat(trials)
                .hasSize(5)
                .allSatisfy(
                        t ->
                                assertThat(t.state)
                                        .as(t.reason + "\n" + t.logTail)
                                        .isEqualTo(TrialState.SUCCEEDED));
        Trial best =
                trials.stream()
                        .max(Comparator.comparingDouble(t -> t.objectiveValue))
                        .orElseThrow();
        assertThat(e.bestTrialId).isEqualTo(best.id);
        assertThat(e.bestValue).isGreaterThan(0.8);
        // every event arrived twice: still one trial per number, each run once (the log appends)
        assertThat(trials).extracting(t -> t.number).containsExactly(1, 2, 3, 4, 5);
        for (Trial t : trials) {
            String output =
                    Files.readString(
                            PlatformResource.root
                                    .resolve("trials")
                                    .resolve(t.id)
                                    .resolve("output.log"));
            assertThat(output.lines().filter(l -> l.startsWith("accuracy=")).count())
                    .as(t.id)
                    .isEqualTo(1);
        }

        // every trial event replayed, in both modes: nothing changes
        for (Trial t : trials) {
            TrialFinished again =
                    new TrialFinished(
                            id, t.id, TrialStatus.FAILED, Map.of(), null, "replayed", 1, null);
            post(
                    new KnobsEvent<>(EventIds.trialFinished(t.id), EventSources.TRIALS, id, again),
                    structured,
                    204);
        }
        assertThat(experiment(id).trialsFinished).isEqualTo(5);
        assertThat(trials(id)).allSatisfy(t -> assertThat(t.state).isEqualTo(TrialState.SUCCEEDED));

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                PlatformResource.TO_WEB.stream()
                                        .anyMatch(
                                                ce ->
                                                        ce.getType()
                                                                        .equals(
                                                                                EventType
                                                                                        .MODEL_PUBLISHED
                                                                                        .type())
                                                                && id.equals(ce.getSubject())));
        CloudEvent published =
                PlatformResource.TO_WEB.stream()
                        .filter(ce -> id.equals(ce.getSubject()))
                        .findFirst()
                        .orElseThrow();
        ModelPublished model = (ModelPublished) EventCodec.fromCloudEvent(published).data();
        assertThat(model.url()).isEqualTo(e.modelUrl);

        // the endpoint cold-starts, answers, and names the classes
        String answer =
                given().body(
                                "{\"instances\":[{\"x1\":2.0,\"x2\":-1.0,\"color\":\"red\"},{\"x1\":-2.0,\"x2\":1.5,\"color\":\"blue\"}]}")
                        .post(model.url() + "/v1/models/" + id + ":predict")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString();
        var predictions = Json.MAPPER.readTree(answer).path("predictions");
        assertThat(predictions.get(0).path("label").asText()).isEqualTo("yes");
        assertThat(predictions.get(1).path("label").asText()).isEqualTo("no");
    }

    @Test
    void aTrialThatCannotRunFailsWithItsReasonAndTheExperimentStopsAfterTooManyFailures()
            throws Throwable {
        UploadReceived u = upload("failing", "max_dept: 2..5", "xgboost", 6, 2);
        post(event(u), false, 204);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> experiment("failing") != null && experiment("failing").status.ended());
        Experiment e = experiment("failing");
        assertThat(e.status).isEqualTo(ExperimentStatus.FAILED);
        assertThat(e.stopReason)
                .contains("more than 2 trials failed")
                .contains("no trial succeeded");
        assertThat(e.trialsFailed)
                .isEqualTo(e.trialsFinished)
                .isGreaterThanOrEqualTo(3)
                .isLessThan(6);
        assertThat(trials("failing"))
                .allSatisfy(
                        t -> {
                            assertThat(t.state).isEqualTo(TrialState.FAILED);
                            assertThat(t.reason).contains("has no hyperparameter max_dept");
                        });
    }

    @Test
    void aMalformedEventIsRejectedAndChangesNothing() {
        given().header("ce-id", "x")
                .header("ce-source", "/test")
                .header("ce-type", "dev.knobs.upload-received")
                .header("ce-specversion", "1.0")
                .header("Content-Type", "application/json")
                .body("{\"experimentId\":\"bad\",\"budget\":{\"maxTrials\":0}}")
                .post("/")
                .then()
                .statusCode(400);
    }
}
