package dev.knobs.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.ModelUpload;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Objective;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Experiments with two objectives through the API: named in the space's words (English, Korean) or
 * as JSON, every wrong request a 400 with its reason, and the Pareto front with the trial the
 * publishing rule picks.
 */
@QuarkusTest
@QuarkusTestResource(FrontResource.class)
class TwoObjectivesApiTest {
    static final String SPACE = "learning_rate = 0.01 ~ 0.3 log\nmax_depth: 2..6\n";

    @BeforeEach
    void signIn() {
        RestAssured.requestSpecification = Logins.as("alice");
    }

    @AfterEach
    void signOut() {
        RestAssured.requestSpecification = null;
    }

    private static Map<String, Object> request(String name, String space) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("datasetId", ApiTest.uploadDataset(name));
        body.put("labelColumn", "churn");
        body.put("algorithm", "xgboost");
        body.put("searchSpace", space);
        body.put("searchAlgorithm", "tpe");
        return body;
    }

    private static String submit(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/experiments")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static void refused(Map<String, Object> body, String reason) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/experiments")
                .then()
                .statusCode(400)
                .body("error", containsString(reason));
    }

    @Test
    void theObjectivesAreNamedInTheSpacesWordsInEnglishOrKoreanOrAsJson() {
        for (String words :
                List.of(
                        "maximize accuracy, minimize model_size_kb",
                        "accuracy를 최대화하고 model_size_kb를 최소화해줘")) {
            String id = submit(request("two-" + words.length(), SPACE + words));
            ExperimentSpec spec = ApiTest.submitted(id);
            assertThat(spec.objective())
                    .isEqualTo(new Objective("accuracy", Objective.Goal.MAXIMIZE));
            assertThat(spec.secondObjective())
                    .isEqualTo(new Objective("model_size_kb", Objective.Goal.MINIMIZE));
            assertThat(spec.publishWithin()).isEqualTo(ExperimentSpec.DEFAULT_PUBLISH_WITHIN);
            given().get("/api/experiments/" + id)
                    .then()
                    .statusCode(200)
                    .body("secondObjective.metric", equalTo("model_size_kb"))
                    .body("secondObjective.goal", equalTo("MINIMIZE"))
                    .body("publishWithin", equalTo(0.01f));
        }
        Map<String, Object> json = request("two-json", SPACE);
        json.put(
                "objectives",
                List.of(Map.of("metric", "macro_f1"), Map.of("metric", "latency_ms")));
        json.put("publishWithin", 0.05);
        ExperimentSpec spec = ApiTest.submitted(submit(json));
        assertThat(spec.objective()).isEqualTo(new Objective("macro_f1", Objective.Goal.MAXIMIZE));
        assertThat(spec.secondObjective())
                .isEqualTo(new Objective("latency_ms", Objective.Goal.MINIMIZE));
        assertThat(spec.publishWithin()).isEqualTo(0.05);
        // the same objectives in the text and in the request agree
        Map<String, Object> both =
                request("two-both", SPACE + "maximize accuracy, minimize latency_ms");
        both.put(
                "objectives",
                List.of(Map.of("metric", "accuracy"), Map.of("metric", "latency_ms")));
        assertThat(ApiTest.submitted(submit(both)).secondObjective().metric())
                .isEqualTo("latency_ms");
        // the language's own preview says them
        given().contentType("text/plain; charset=UTF-8")
                .body(SPACE + "accuracy는 최대화, latency_ms는 최소화")
                .post("/api/search-space/parse")
                .then()
                .statusCode(200)
                .body("objectives[0].metric", equalTo("accuracy"))
                .body("objectives[1].goal", equalTo("MINIMIZE"))
                .body(
                        "summary",
                        org.hamcrest.Matchers.hasItem("traded against: minimize latency_ms"));
    }

    @Test
    void whatCannotBeRunIsA400WithItsReason() {
        Map<String, Object> b = request("bad-two", SPACE);
        b.put("objective", Map.of("metric", "accuracy"));
        b.put("objectives", List.of(Map.of("metric", "accuracy")));
        refused(b, "give 'objective' or 'objectives'");
        b.remove("objective");
        b.put(
                "objectives",
                List.of(
                        Map.of("metric", "accuracy"),
                        Map.of("metric", "latency_ms"),
                        Map.of("metric", "model_size_kb")));
        refused(b, "at most two objectives");
        b.put("objectives", List.of(Map.of("metric", "accuracy"), Map.of("metric", "accuracy")));
        refused(b, "both 'accuracy'");
        b.put(
                "objectives",
                List.of(Map.of("metric", "accuracy"), Map.of("metric", "latency_ms", "target", 1)));
        refused(b, "a target goes with the first objective only");
        b.put("objectives", List.of(Map.of("metric", "accuracy"), Map.of("metric", "rmse")));
        refused(b, "its metrics are accuracy, latency_ms, logloss, macro_f1, model_size_kb");
        b.put("objectives", List.of());
        refused(b, "'objectives' names no objective");
        b.put("objectives", List.of(Map.of("metric", "accuracy")));
        b.put("publishWithin", 0.1);
        refused(b, "publishWithin goes with two objectives");
        b.put("objectives", List.of(Map.of("metric", "accuracy"), Map.of("metric", "latency_ms")));
        b.put("publishWithin", 2);
        refused(b, "publishWithin must be between 0 and 1");
        b.remove("publishWithin");
        b.put("searchSpace", SPACE + "maximize accuracy, minimize model_size_kb");
        refused(b, "the objectives in the request and in the search space differ");
        b.remove("objectives");
        b.put(
                "searchSpace",
                SPACE + "maximize accuracy, minimize latency_ms, minimize model_size_kb");
        refused(b, "at most two objectives");
        b.put("searchSpace", SPACE + "maximize");
        refused(b, "expected a metric after 'maximize'");
    }

    @Test
    void theParetoFrontAndThePickAreTheOwnersAndTheLeaderboardLeadsWithThePick() {
        String id = submit(request("front", SPACE + "maximize accuracy, minimize model_size_kb"));
        ExperimentSpec spec = ApiTest.submitted(id);
        Experiment e = new Experiment();
        e.id = id;
        e.owner = "alice";
        e.name = "front";
        e.status = ExperimentStatus.RUNNING;
        e.spec = Json.write(spec);
        e.objectiveMetric = "accuracy";
        e.maximize = true;
        e.maxTrials = 20;
        e.createdAt = Instant.now();
        Rows.persist(e);
        // accuracy, size: 1 (0.95, 90) 2 (0.946, 30) 3 (0.90, 5) 4 (0.93, 40: dominated by 2)
        double[][] values = {{0.95, 90}, {0.946, 30}, {0.90, 5}, {0.93, 40}};
        for (int n = 1; n <= values.length; n++) {
            Trial t = new Trial();
            t.id = id + "-t" + n;
            t.experimentId = id;
            t.number = n;
            t.state = TrialState.SUCCEEDED;
            t.parameters = Json.write(Map.of("learning_rate", 0.01 * n, "max_depth", 2 + n));
            t.objectiveValue = values[n - 1][0];
            t.metrics =
                    Json.write(
                            Map.of(
                                    "accuracy",
                                    values[n - 1][0],
                                    "model_size_kb",
                                    values[n - 1][1]));
            t.requestedAt = Instant.now();
            t.modelUrl =
                    n == 4
                            ? null
                            : "http://localhost/api/artifacts/models/" + id + "-t" + n + ".onnx";
            t.modelFormat = t.modelUrl == null ? null : "onnx";
            Rows.persist(t);
        }
        given().get("/api/experiments/" + id + "/pareto-front")
                .then()
                .statusCode(200)
                .body("succeeded", equalTo(4))
                .body("front.number", org.hamcrest.Matchers.contains(1, 2, 3))
                .body("published", equalTo(2))
                .body("front.find { it.number == 2 }.published", equalTo(true))
                .body("front.find { it.number == 2 }.secondValue", equalTo(30.0f))
                .body("rule", containsString("lowest model_size_kb"))
                .body("rule", containsString("within 1 % of the best accuracy"));
        String svg =
                given().get("/api/experiments/" + id + "/pareto-front.svg")
                        .then()
                        .statusCode(200)
                        .contentType("image/svg+xml")
                        .extract()
                        .asString();
        assertThat(svg)
                .contains("<title>Pareto front: accuracy and model_size_kb</title>")
                .contains("trial 2: accuracy 0.946, model_size_kb 30 (published)")
                .contains("trial 4: accuracy 0.93, model_size_kb 40</title>");
        given().get("/api/experiments/" + id + "/leaderboard")
                .then()
                .statusCode(200)
                .body("number", org.hamcrest.Matchers.contains(2, 1, 4, 3));
        // the owner may publish another trial once the experiment has published its model
        given().post("/api/experiments/" + id + "/trials/" + id + "-t1/publish")
                .then()
                .statusCode(409)
                .body("error", containsString("has not published a model (it is RUNNING)"));
        PublishedModel m = new PublishedModel();
        m.name = "front-model";
        m.owner = "alice";
        m.experimentId = id;
        m.revision = 1;
        m.url = "http://localhost/models/front-model";
        m.artifactUrl = "http://localhost/api/artifacts/models/" + id + "-t2.onnx";
        m.format = "onnx";
        m.publishedAt = Instant.now();
        Rows.persist(m);
        Rows.update(
                "update Experiment set status = ?1, modelName = ?2 where id = ?3",
                ExperimentStatus.SUCCEEDED,
                "front-model",
                id);
        given().post("/api/experiments/" + id + "/trials/" + id + "-t2/publish")
                .then()
                .statusCode(409)
                .body(
                        "error",
                        containsString("trial 2's model is already the one 'front-model' serves"));
        given().post("/api/experiments/" + id + "/trials/" + id + "-t4/publish")
                .then()
                .statusCode(400)
                .body("error", containsString("trial 4 left no model"));
        given().post("/api/experiments/" + id + "/trials/" + id + "-t9/publish")
                .then()
                .statusCode(404);
        String upload =
                given().post("/api/experiments/" + id + "/trials/" + id + "-t1/publish")
                        .then()
                        .statusCode(202)
                        .body("model", equalTo("front-model"))
                        .body("trial", equalTo(1))
                        .extract()
                        .path("uploadId");
        ModelUpload recorded =
                Rows.read(
                        () ->
                                io.quarkus.hibernate.reactive.panache.Panache.getSession()
                                        .chain(session -> session.find(ModelUpload.class, upload)));
        assertThat(recorded.artifactUrl).endsWith(id + "-t1.onnx");
        assertThat(recorded.owner).isEqualTo("alice");
        assertThat(recorded.name).isEqualTo("front-model");
        // another user does not learn it exists; a stranger is asked to log in
        RestAssured.requestSpecification = null;
        given().spec(Logins.as("bob"))
                .get("/api/experiments/" + id + "/pareto-front")
                .then()
                .statusCode(404);
        given().spec(Logins.as("bob"))
                .post("/api/experiments/" + id + "/trials/" + id + "-t3/publish")
                .then()
                .statusCode(404);
        given().post("/api/experiments/" + id + "/trials/" + id + "-t3/publish")
                .then()
                .statusCode(401);
        given().get("/api/experiments/" + id + "/pareto-front.svg").then().statusCode(401);
    }
}
