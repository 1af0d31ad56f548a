package dev.knobs.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.ModelRevision;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.formats.SyntheticData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The artifact API takes scoped credentials only: a trial reads its own experiment's dataset and
 * writes its own model while its attempt runs; a model server reads its own model; the platform's
 * parts read; a person's login, another trial's credential and nothing at all are refused.
 */
@QuarkusTest
@QuarkusTestResource(value = FrontResource.class, restrictToAnnotatedClass = false)
class ArtifactAccessTest {

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static String dataset(String owner, String name) {
        return given().spec(Logins.as(owner))
                .contentType("text/csv")
                .body(SyntheticData.churnCsv(60, 3))
                .queryParam("name", name)
                .post("/api/datasets")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** An experiment of {@code owner} on {@code dataset} with one trial running (attempt 2). */
    private static String runningTrial(String owner, String experiment, String dataset) {
        ExperimentSpec spec =
                new ExperimentSpec(
                        experiment,
                        owner,
                        experiment,
                        new DatasetRef(
                                dataset,
                                "http://127.0.0.1:8081/api/artifacts/datasets/" + dataset,
                                "churn"),
                        "xgboost",
                        null,
                        SearchSpaceParser.parse("max_depth: 2..4"),
                        "random",
                        1,
                        new Objective("accuracy", Objective.Goal.MAXIMIZE),
                        new Budget(2, 1, 1),
                        new Resources(1, 512, 60),
                        null);
        Experiment e = new Experiment();
        e.id = experiment;
        e.owner = owner;
        e.name = experiment;
        e.status = ExperimentStatus.RUNNING;
        e.spec = Json.write(spec);
        e.objectiveMetric = "accuracy";
        e.maximize = true;
        e.maxTrials = 2;
        e.createdAt = Instant.now();
        Rows.persist(e);
        Trial t = new Trial();
        t.id = experiment + "-t1";
        t.experimentId = experiment;
        t.number = 1;
        t.attempt = 2;
        t.state = TrialState.RUNNING;
        t.parameters = "{}";
        t.requestedAt = Instant.now();
        t.startedAt = Instant.now();
        Rows.persist(t);
        return t.id;
    }

    private static String trialCredential(String trialId, int attempt) {
        return FrontResource.CREDENTIALS.trial(trialId, attempt, Instant.now().plusSeconds(600));
    }

    @Test
    void aTrialReadsItsOwnDatasetAndWritesItsOwnModelOnlyWhileItRuns() {
        RestAssured.requestSpecification = null;
        String hers = dataset("alice", "scoped-hers");
        String his = dataset("bob", "scoped-his");
        String trial = runningTrial("alice", "scoped-a", hers);
        String other = runningTrial("bob", "scoped-b", his);
        String mine = trialCredential(trial, 2);

        bearer(mine).get("/api/artifacts/datasets/" + hers).then().statusCode(200);
        bearer(mine)
                .get("/api/artifacts/datasets/" + his)
                .then()
                .statusCode(403)
                .body("error", containsString("its own experiment's"));
        bearer(mine)
                .contentType("application/octet-stream")
                .body(new byte[] {1, 2, 3})
                .put("/api/artifacts/models/" + trial)
                .then()
                .statusCode(204);
        bearer(mine).get("/api/artifacts/models/" + trial).then().statusCode(200);
        bearer(mine)
                .contentType("application/octet-stream")
                .body(new byte[] {6, 6, 6})
                .put("/api/artifacts/models/" + other)
                .then()
                .statusCode(403);
        // an earlier attempt's credential, and a forged one, are nobody's
        bearer(trialCredential(trial, 1))
                .get("/api/artifacts/datasets/" + hers)
                .then()
                .statusCode(403)
                .body("error", containsString("is not running"));
        bearer(mine.substring(0, mine.length() - 2) + "xx")
                .get("/api/artifacts/datasets/" + hers)
                .then()
                .statusCode(401);
        // once the trial ends, so does its credential
        Rows.update("update Trial set state = ?1 where id = ?2", TrialState.SUCCEEDED, trial);
        bearer(mine)
                .contentType("application/octet-stream")
                .body(new byte[] {4})
                .put("/api/artifacts/models/" + trial)
                .then()
                .statusCode(403);
    }

    @Test
    void aModelServerReadsItsOwnModelOnlyAndPeopleAndStrangersNothing() {
        RestAssured.requestSpecification = null;
        String dataset = dataset("alice", "scoped-model");
        String trial = runningTrial("alice", "scoped-m", dataset);
        bearer(trialCredential(trial, 2))
                .contentType("application/octet-stream")
                .body(new byte[] {7, 7})
                .put("/api/artifacts/models/" + trial)
                .then()
                .statusCode(204);
        ModelRevision r = new ModelRevision();
        r.id = ModelRevision.id("scoped-model", 1);
        r.name = "scoped-model";
        r.revision = 1;
        r.owner = "alice";
        r.source = "test:" + trial;
        r.artifactUrl = "http://127.0.0.1:8081/api/artifacts/models/" + trial;
        r.format = "onnx";
        r.state = ModelRevision.State.SERVED;
        r.createdAt = Instant.now();
        Rows.persist(r);

        String server = FrontResource.CREDENTIALS.modelServer("scoped-model");
        bearer(server).get("/api/artifacts/models/" + trial).then().statusCode(200);
        bearer(server).get("/api/artifacts/datasets/" + dataset).then().statusCode(403);
        bearer(FrontResource.CREDENTIALS.modelServer("another-model"))
                .get("/api/artifacts/models/" + trial)
                .then()
                .statusCode(403);
        bearer(server)
                .contentType("application/octet-stream")
                .body(new byte[] {1})
                .put("/api/artifacts/models/" + trial)
                .then()
                .statusCode(403);
        // the caller credential the front presents to a model opens no artifact
        bearer(FrontResource.CREDENTIALS.modelCaller("scoped-model"))
                .get("/api/artifacts/models/" + trial)
                .then()
                .statusCode(401);

        // the platform's parts read; they write nothing here
        bearer(FrontResource.FUNCTIONS)
                .get("/api/artifacts/datasets/" + dataset)
                .then()
                .statusCode(200);
        bearer(FrontResource.FUNCTIONS)
                .contentType("application/octet-stream")
                .body(new byte[] {1})
                .put("/api/artifacts/models/" + trial)
                .then()
                .statusCode(403);

        // a person's login, nothing and garbage: refused
        given().spec(Logins.as("alice"))
                .get("/api/artifacts/datasets/" + dataset)
                .then()
                .statusCode(403);
        given().get("/api/artifacts/datasets/" + dataset).then().statusCode(401);
        bearer("wrong").get("/api/artifacts/datasets/" + dataset).then().statusCode(401);
    }

    @Test
    void pathsThatLeaveTheArtifactFolderAreRefused() {
        RestAssured.requestSpecification = null;
        // normalised to /api/etc, outside the artifact API: a person's route, closed to machines
        bearer(FrontResource.FUNCTIONS)
                .get("/api/artifacts/models/../../etc")
                .then()
                .statusCode(403);
        bearer(FrontResource.FUNCTIONS)
                .get("/api/artifacts/models/..%2F..%2Fetc")
                .then()
                .statusCode(404)
                .body(not(containsString("Exception")));
        assertThat(FrontResource.FUNCTIONS).doesNotContain(FrontResource.KEY);
    }
}
