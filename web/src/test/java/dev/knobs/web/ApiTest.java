package dev.knobs.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.EventType;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.CancelRequested;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.formats.SyntheticData;
import dev.knobs.trainer.OnnxModels;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FrontResource.class)
class ApiTest {
    /** Every request here is alice's, with her API token; logins themselves: AuthorizationTest. */
    @BeforeEach
    void signIn() {
        RestAssured.requestSpecification = Logins.as("alice");
    }

    @AfterEach
    void signOut() {
        RestAssured.requestSpecification = null;
    }

    /** The experiment as the front stored it: what the functions act on. */
    static ExperimentSpec submitted(String id) {
        Submission s =
                Rows.read(
                        () ->
                                Panache.getSession()
                                        .chain(session -> session.find(Submission.class, id)));
        assertThat(s).as("submission " + id).isNotNull();
        assertThat(s.owner).isEqualTo("alice");
        return Json.read(s.payload, ExperimentSpec.class);
    }

    static String uploadDataset(String name) {
        return given().contentType("text/csv")
                .body(SyntheticData.churnCsv(200, 3))
                .queryParam("name", name)
                .post("/api/datasets")
                .then()
                .statusCode(201)
                .body("rows", equalTo(200))
                .body("profile.columns.find { it.name == 'plan' }.type", equalTo("categorical"))
                .body("profile.columns.find { it.name == 'age' }.type", equalTo("numeric"))
                .extract()
                .path("id");
    }

    static int datasetCount() {
        return given().get("/api/datasets").then().statusCode(200).extract().path("size()");
    }

    @Test
    void uploadsADatasetAsBodyOrFormAndProfilesIt() {
        String id = uploadDataset("churn");
        given().get("/api/datasets/" + id)
                .then()
                .statusCode(200)
                .body("profile.preview", hasSize(5));
        given().multiPart(
                        "file",
                        "customers.csv",
                        SyntheticData.churnCsv(50, 4).getBytes(),
                        "text/csv")
                .post("/api/datasets")
                .then()
                .statusCode(201)
                .body("name", equalTo("customers"))
                .body("rows", equalTo(50));
    }

    @Test
    void rejectsBadDatasetsWithAReasonAndStoresNothing() {
        int before = datasetCount();
        given().contentType("text/csv")
                .body("a,b,c\n1,2,3\n4,5\n")
                .post("/api/datasets")
                .then()
                .statusCode(400)
                .body("error", containsString("row 3 has 2 cells but the header has 3 columns"));
        given().contentType("text/csv")
                .body("")
                .post("/api/datasets")
                .then()
                .statusCode(400)
                .body("error", containsString("empty"));
        given().contentType("text/csv")
                .body("only\n1\n2\n")
                .post("/api/datasets")
                .then()
                .statusCode(400)
                .body("error", containsString("at least two columns"));
        given().contentType("text/csv")
                .body("a,\"b\n1,2\n")
                .post("/api/datasets")
                .then()
                .statusCode(400)
                .body("error", containsString("never closed"));
        given().multiPart("name", "x")
                .post("/api/datasets")
                .then()
                .statusCode(400)
                .body("error", containsString("'file'"));
        assertThat(datasetCount()).isEqualTo(before);
    }

    @Test
    void startsAnExperimentByPublishingUploadReceived() {
        String dataset = uploadDataset("exp-data");
        String id =
                given().contentType(ContentType.JSON)
                        .body(
                                Map.of(
                                        "name",
                                        "Churn model",
                                        "datasetId",
                                        dataset,
                                        "labelColumn",
                                        "churn",
                                        "algorithm",
                                        "xgboost",
                                        "searchSpace",
                                        "learning_rate = 0.01 ~ 0.3 log\nmax_depth를 2~6으로 해줘\nn_estimators in [20, 40]",
                                        "budget",
                                        Map.of(
                                                "maxTrials",
                                                12,
                                                "parallelTrials",
                                                3,
                                                "maxFailedTrials",
                                                2)))
                        .post("/api/experiments")
                        .then()
                        .statusCode(201)
                        .body("status", equalTo("SUBMITTED"))
                        .body("objective.metric", equalTo("accuracy"))
                        .body("searchSpace[1]", equalTo("max_depth: integer from 2 to 6"))
                        .extract()
                        .path("id");
        assertThat(id).startsWith("churn-model-");
        CloudEvent ce =
                FrontResource.PUBLISHED.stream()
                        .filter(e -> id.equals(e.getSubject()))
                        .findFirst()
                        .orElseThrow();
        assertThat(ce.getType()).isEqualTo(EventType.UPLOAD_RECEIVED.type());
        assertThat(ce.getId()).isEqualTo(EventIds.uploadReceived(id));
        UploadReceived named = (UploadReceived) EventCodec.fromCloudEvent(ce).data();
        assertThat(named.experimentId()).isEqualTo(id);
        ExperimentSpec upload = submitted(id);
        assertThat(upload.dataset().url()).endsWith("/api/artifacts/datasets/" + dataset);
        assertThat(upload.searchSpace().parameters()).hasSize(3);
        given().get("/api/experiments/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("trials.budget", equalTo(12));
        given().get("/api/experiments/" + id + "/leaderboard")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void takesTheSearchAndEarlyStoppingFromTheTextAndTheGoalAndTimeFromTheRequest() {
        String dataset = uploadDataset("settings-data");
        String id =
                post(Map.of(
                                "datasetId",
                                dataset,
                                "labelColumn",
                                "churn",
                                "searchSpace",
                                "max_depth: 2..6\nsearch = tpe\n조기 종료는 asha로",
                                "objective",
                                Map.of("target", 0.9),
                                "budget",
                                Map.of(
                                        "maxTrials",
                                        20,
                                        "parallelTrials",
                                        2,
                                        "maxFailedTrials",
                                        2,
                                        "maxDurationSeconds",
                                        600)))
                        .statusCode(201)
                        .body("searchAlgorithm", equalTo("tpe"))
                        .body("earlyStopping.rule", equalTo("ASHA"))
                        .body("objective.metric", equalTo("accuracy"))
                        .body("objective.target", equalTo(0.9f))
                        .body("budget.maxDurationSeconds", equalTo(600))
                        .extract()
                        .path("id");
        ExperimentSpec upload = submitted(id);
        assertThat(upload.searchAlgorithm()).isEqualTo("tpe");
        assertThat(upload.earlyStopping().rule()).isEqualTo(EarlyStopping.Rule.ASHA);
        assertThat(upload.objective().target()).isEqualTo(0.9);
        assertThat(upload.budget().maxDurationSeconds()).isEqualTo(600);

        // the short form of the API, and the same choice said twice differently
        post(Map.of(
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "churn",
                        "searchSpace",
                        "max_depth: 2..6",
                        "earlyStopping",
                        "median"))
                .statusCode(201)
                .body("earlyStopping.rule", equalTo("MEDIAN"));
        int published = FrontResource.PUBLISHED.size();
        post(Map.of(
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "churn",
                        "searchSpace",
                        "max_depth: 2..6\nsearch = grid",
                        "searchAlgorithm",
                        "tpe"))
                .statusCode(400)
                .body(
                        "error",
                        containsString(
                                "'searchAlgorithm' says tpe but the search space says grid"));
        post(Map.of(
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "churn",
                        "searchSpace",
                        "max_depth: 2..6",
                        "earlyStopping",
                        "hyperband"))
                .statusCode(400)
                .body("error", containsString("choose none, median or asha"));
        assertThat(FrontResource.PUBLISHED).hasSize(published);
    }

    @Test
    void cancelsARunningExperimentByPublishingCancelRequested() {
        String dataset = uploadDataset("cancel-data");
        String id =
                post(Map.of(
                                "datasetId",
                                dataset,
                                "labelColumn",
                                "churn",
                                "searchSpace",
                                "max_depth: 2..6"))
                        .statusCode(201)
                        .extract()
                        .path("id");
        given().post("/api/experiments/" + id + "/cancel")
                .then()
                .statusCode(409)
                .body("error", containsString("still being set up"));
        // the functions take it up (here: the row they would write)
        experimentRow(id, dev.knobs.domain.experiment.ExperimentStatus.RUNNING);
        given().post("/api/experiments/" + id + "/cancel")
                .then()
                .statusCode(202)
                .body("id", equalTo(id))
                .body("status", equalTo("RUNNING"));
        CloudEvent ce =
                FrontResource.PUBLISHED.stream()
                        .filter(e -> e.getType().equals(EventType.CANCEL_REQUESTED.type()))
                        .filter(e -> id.equals(e.getSubject()))
                        .findFirst()
                        .orElseThrow();
        assertThat(ce.getId()).isEqualTo(EventIds.cancelRequested(id));
        CancelRequested cancel = (CancelRequested) EventCodec.fromCloudEvent(ce).data();
        assertThat(cancel.owner()).isEqualTo("alice");
        given().get("/api/experiments/" + id + "/plots/history.svg")
                .then()
                .statusCode(200)
                .contentType("image/svg+xml")
                .body(containsString("no trial has succeeded yet"));
        given().get("/api/experiments/" + id + "/plots/pie.svg")
                .then()
                .statusCode(404)
                .body("error", containsString("history.svg and parallel-coordinates.svg"));
        given().post("/api/experiments/nope/cancel")
                .then()
                .statusCode(404)
                .body("error", containsString("no experiment 'nope'"));
    }

    @Test
    void anEndedExperimentIsExtendedByPublishingExtensionRequested() {
        String id =
                given().contentType(ContentType.JSON)
                        .body(AuthorizationTest.experiment(uploadDataset("extended")))
                        .post("/api/experiments")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
        String extend = "/api/experiments/" + id + "/extend";
        given().contentType(ContentType.JSON)
                .body(Map.of("additionalTrials", 5))
                .post(extend)
                .then()
                .statusCode(409)
                .body("error", containsString("still being set up"));
        experimentRow(id, dev.knobs.domain.experiment.ExperimentStatus.RUNNING);
        given().contentType(ContentType.JSON)
                .body(Map.of("additionalTrials", 5))
                .post(extend)
                .then()
                .statusCode(409)
                .body("error", containsString("is running; its budget can be extended once"));
        Rows.update(
                "update Experiment set status = ?1, trialsRequested = 12, trialsFinished = 12"
                        + " where id = ?2",
                dev.knobs.domain.experiment.ExperimentStatus.SUCCEEDED,
                id);
        for (Object bad : List.of(Map.of(), Map.of("additionalTrials", 0))) {
            given().contentType(ContentType.JSON)
                    .body(bad)
                    .post(extend)
                    .then()
                    .statusCode(400)
                    .body("error", containsString("additionalTrials"));
        }
        given().contentType(ContentType.JSON)
                .body("{\"additionalTrials\": \"many\"}")
                .post(extend)
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("additionalTrials", 9_999))
                .post(extend)
                .then()
                .statusCode(400)
                .body(
                        "error",
                        containsString("would reach 10001 trials; at most 10000 (add up to 9998)"));

        given().contentType(ContentType.JSON)
                .body(Map.of("additionalTrials", 5))
                .post(extend)
                .then()
                .statusCode(202)
                .body("id", equalTo(id))
                .body("status", equalTo("EXTENDING"));
        given().get("/api/experiments/" + id)
                .then()
                .body("status", equalTo("EXTENDING"))
                .body("trials.budget", equalTo(7))
                .body("budget.maxTrials", equalTo(7));
        CloudEvent ce =
                FrontResource.PUBLISHED.stream()
                        .filter(e -> e.getType().equals(EventType.EXTENSION_REQUESTED.type()))
                        .filter(e -> id.equals(e.getSubject()))
                        .findFirst()
                        .orElseThrow();
        assertThat(ce.getId()).isEqualTo(id + "/extension/1");
        var requested =
                (dev.knobs.eventing.payload.ExtensionRequested)
                        EventCodec.fromCloudEvent(ce).data();
        assertThat(requested.extension()).isEqualTo(1);
        assertThat(requested.owner()).isEqualTo("alice");
        var s =
                Rows.read(
                        () ->
                                io.quarkus.hibernate.reactive.panache.Panache.getSession()
                                        .chain(
                                                session ->
                                                        session.find(
                                                                dev.knobs.domain.experiment
                                                                        .Submission.class,
                                                                id)));
        assertThat(s.extensions).isEqualTo(1);
        assertThat(s.extraTrials).isEqualTo(5);
        // until the functions took it up, a second is refused (they take up all at once anyway)
        given().contentType(ContentType.JSON)
                .body(Map.of("additionalTrials", 5))
                .post(extend)
                .then()
                .statusCode(409)
                .body("error", containsString("is being extended already"));
    }

    @Test
    void rejectsAnExperimentThatCannotRunAndSaysWhy() {
        String dataset = uploadDataset("bad-exp");
        int published = FrontResource.PUBLISHED.size();
        post(Map.of("datasetId", "nope", "labelColumn", "churn", "searchSpace", "max_depth: 2..4"))
                .statusCode(404)
                .body("error", containsString("no dataset 'nope'"));
        post(Map.of(
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "target",
                        "searchSpace",
                        "max_depth: 2..4"))
                .statusCode(400)
                .body(
                        "error",
                        containsString(
                                "has no column 'target'; the columns are age, income, plan, visits, tenure, churn"));
        post(Map.of(
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "churn",
                        "searchSpace",
                        "max_depth: 2..4\nlr = 0.1 ~"))
                .statusCode(400)
                .body("problems[0].line", equalTo(2))
                .body("problems[0].column", equalTo(11));
        post(Map.of("datasetId", dataset, "labelColumn", "churn", "searchSpace", "max_dept: 2..4"))
                .statusCode(400)
                .body(
                        "error",
                        containsString(
                                "has no hyperparameter 'max_dept'; did you mean max_depth?"));
        post(Map.of(
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "churn",
                        "algorithm",
                        "svm",
                        "searchSpace",
                        "c: 1..2"))
                .statusCode(400)
                .body("error", containsString("unknown algorithm 'svm'"));
        post(Map.of(
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "churn",
                        "searchSpace",
                        "max_depth: 2..4",
                        "objective",
                        Map.of("metric", "rmse", "goal", "MINIMIZE")))
                .statusCode(400)
                .body(
                        "error",
                        containsString(
                                "classification task; its metrics are accuracy, latency_ms, logloss, macro_f1, model_size_kb"));
        post(Map.of(
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "churn",
                        "searchSpace",
                        "max_depth: 2..4",
                        "budget",
                        Map.of("maxTrials", 0, "parallelTrials", 1, "maxFailedTrials", 0)))
                .statusCode(400)
                .body("error", containsString("maxTrials must be between 1 and 10000"));
        assertThat(FrontResource.PUBLISHED).hasSize(published);
    }

    private static io.restassured.response.ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/experiments").then();
    }

    @Test
    void aGridThatCouldNeverBeSearchedIsRefusedAtSubmissionWithASentence() {
        String dataset = uploadDataset("grids");
        int before = experimentCount();
        for (String space :
                List.of(
                        "learning_rate = 1e16 ~ 2e16 step 0.5\nsearch = grid",
                        "subsample = 0 ~ 1 step 1e-9\nsearch = grid",
                        "subsample = 0 ~ 1 step 0.01\ncolsample_bytree = 0 ~ 1 step 0.01\n"
                                + "learning_rate = 0 ~ 1 step 0.01\nsearch = grid",
                        "gamma = 0 ~ 1e308 step 1e-308\nsearch = grid")) {
            post(Map.of("datasetId", dataset, "labelColumn", "churn", "searchSpace", space))
                    .statusCode(400)
                    .body("error", org.hamcrest.Matchers.not(containsString("Exception")))
                    .body(
                            "error",
                            org.hamcrest.Matchers.anyOf(
                                    containsString("grid"),
                                    containsString("step"),
                                    containsString("values")));
        }
        assertThat(experimentCount()).isEqualTo(before);
        // a grid of a sensible size is taken
        post(Map.of(
                        "datasetId",
                        dataset,
                        "labelColumn",
                        "churn",
                        "searchSpace",
                        "subsample = 0.5 ~ 1 step 0.25\nsearch = grid"))
                .statusCode(201);
    }

    private static int experimentCount() {
        return given().get("/api/experiments").then().statusCode(200).extract().path("size()");
    }

    @Test
    void onAClusterACustomTrainerIsAnImage() {
        Map<String, Object> body =
                Map.of(
                        "name",
                        "mine",
                        "algorithm",
                        "custom",
                        "searchSpace",
                        "x = 0.0 ~ 1.0",
                        "objective",
                        Map.of("metric", "score", "goal", "MAXIMIZE"),
                        "trainer",
                        Map.of(
                                "image",
                                "registry.example.com/me/trainer:1",
                                "pullSecret",
                                "regcred"));
        String id = post(body).statusCode(201).extract().path("id");
        ExperimentSpec upload = submitted(id);
        assertThat(upload.trainer().image()).isEqualTo("registry.example.com/me/trainer:1");
        assertThat(upload.trainer().pullSecret()).isEqualTo("regcred");
        post(Map.of(
                        "algorithm",
                        "custom",
                        "searchSpace",
                        "x = 0.0 ~ 1.0",
                        "objective",
                        Map.of("metric", "score", "goal", "MAXIMIZE"),
                        "trainer",
                        Map.of("command", "python train.py")))
                .statusCode(400)
                .body("error", containsString("on a cluster a custom trainer is an image"));
        post(Map.of(
                        "algorithm",
                        "custom",
                        "searchSpace",
                        "x = 0.0 ~ 1.0",
                        "trainer",
                        Map.of("image", "registry.example.com/me/x")))
                .statusCode(400)
                .body("error", containsString("objective is required for a custom trainer"));
    }

    @Test
    void anImageFromARegistryTheAdministratorDoesNotListIsRefusedWithTheList() {
        int before = experimentCount();
        for (String image :
                List.of(
                        "python:3.12",
                        "docker.io/acme/trainer",
                        "ghcr.io/acme-evil/trainer:1",
                        "ghcr.io.evil.com/acme/trainer",
                        "registry.example.com/other/trainer@sha256:" + "ab".repeat(32))) {
            post(ownImage(image))
                    .statusCode(403)
                    .body(
                            "error",
                            containsString(
                                    "the image '"
                                            + image
                                            + "' is not from a registry the administrator allows"
                                            + " (registry.example.com/me, ghcr.io/acme)"));
        }
        assertThat(experimentCount()).isEqualTo(before);
        post(ownImage("GHCR.io/acme/team/trainer:2")).statusCode(201);
    }

    /** A custom trainer's experiment on a cluster: the image and its metric. */
    private static Map<String, Object> ownImage(String image) {
        return Map.of(
                "algorithm",
                "custom",
                "searchSpace",
                "x = 0.0 ~ 1.0",
                "objective",
                Map.of("metric", "score", "goal", "MAXIMIZE"),
                "trainer",
                Map.of("image", image));
    }

    @Test
    void parsesASearchSpaceForThePage() {
        given().contentType(ContentType.TEXT)
                .body("lr = 0.001 ~ 0.1 log, depth: 3..10")
                .post("/api/search-space/parse")
                .then()
                .statusCode(200)
                .body("summary", hasSize(2))
                .body("space.parameters[0].type", equalTo("float"));
        given().contentType(ContentType.TEXT)
                .body("lr 0.1 0.5")
                .post("/api/search-space/parse")
                .then()
                .statusCode(400)
                .body("problems[0].column", equalTo(4))
                .body("problems[0].message", containsString("has two readings"));
        // the algorithm's names: aliases resolve, the summary says how each phrase was read
        given().contentType("text/plain; charset=UTF-8")
                .queryParam("algorithm", "xgboost")
                .body("하이퍼파라미터 학습률을 0.01~0.1로 해줘\n트리 깊이를 3~8로 하고 number of trees 100, 200 and 300")
                .post("/api/search-space/parse")
                .then()
                .statusCode(200)
                .body(
                        "summary",
                        contains(
                                "learning_rate: real number from 0.01 to 0.1",
                                "max_depth: integer from 3 to 8",
                                "n_estimators: one of 100, 200, 300"));
        given().contentType(ContentType.TEXT)
                .queryParam("algorithm", "xgboost")
                .body("dropout = 0.1 ~ 0.5")
                .post("/api/search-space/parse")
                .then()
                .statusCode(400)
                .body(
                        "problems[0].message",
                        containsString("algorithm 'xgboost' has no hyperparameter 'dropout'"));
        given().contentType(ContentType.TEXT)
                .queryParam("algorithm", "custom")
                .body("dropout = 0.1 ~ 0.5")
                .post("/api/search-space/parse")
                .then()
                .statusCode(200);
        given().contentType(ContentType.TEXT)
                .queryParam("algorithm", "svm")
                .body("dropout = 0.1 ~ 0.5")
                .post("/api/search-space/parse")
                .then()
                .statusCode(400)
                .body("error", containsString("unknown algorithm 'svm'"));
    }

    @Test
    void servesAnUploadedOnnxModelAndRejectsWhatIsNotOne() {
        given().contentType("application/octet-stream")
                .body(new byte[] {1, 2, 3, 4})
                .queryParam("name", "junk")
                .post("/api/models")
                .then()
                .statusCode(400)
                .body("error", containsString("not an ONNX model"));
        given().contentType("application/octet-stream")
                .body(OnnxModels.linear(new float[] {1, 2, 3}, 0.5f))
                .queryParam("name", "Bad Name")
                .post("/api/models")
                .then()
                .statusCode(400)
                .body("error", containsString("lower-case"));
        given().contentType("application/octet-stream")
                .body(OnnxModels.linear(new float[] {1, 2, 3}, 0.5f))
                .queryParam("name", "linear")
                .post("/api/models")
                .then()
                .statusCode(202)
                .body("inputs[0].name", equalTo("x"))
                .body("inputs[0].shape", equalTo(java.util.List.of(-1, 3)))
                .body("outputs[0].name", equalTo("y"));
        CloudEvent ce =
                FrontResource.PUBLISHED.stream()
                        .filter(e -> "linear".equals(e.getSubject()))
                        .findFirst()
                        .orElseThrow();
        assertThat(ce.getType()).isEqualTo(EventType.MODEL_UPLOADED.type());
    }

    @TestHTTPResource("/")
    java.net.URL base;

    /** The row the functions write when they take an experiment up. */
    /** The experiment's settings as the front stored them (the functions copy them). */
    static String payloadOf(String id) {
        return Rows.read(
                () ->
                        io.quarkus.hibernate.reactive.panache.Panache.getSession()
                                .chain(
                                        s ->
                                                s.find(
                                                        dev.knobs.domain.experiment.Submission
                                                                .class,
                                                        id))
                                .map(sub -> sub.payload));
    }

    static void experimentRow(String id, dev.knobs.domain.experiment.ExperimentStatus status) {
        var e = new dev.knobs.domain.experiment.Experiment();
        e.id = id;
        e.owner = "alice";
        e.name = id;
        e.status = status;
        e.spec = payloadOf(id);
        e.objectiveMetric = "accuracy";
        e.maximize = true;
        e.maxTrials = 12;
        e.createdAt = java.time.Instant.now();
        Rows.persist(e);
    }

    @Test
    void followsAnExperimentLiveUntilItEnds() {
        String id =
                given().contentType(ContentType.JSON)
                        .body(
                                Map.of(
                                        "name", "Live",
                                        "datasetId", uploadDataset("live"),
                                        "labelColumn", "churn",
                                        "algorithm", "xgboost",
                                        "searchSpace", "max_depth: 2..4"))
                        .post("/api/experiments")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
        var lines = Logins.live(base, id, "alice");
        assertThat(lines.statusCode()).isEqualTo(200);
        assertThat(lines.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        java.util.Iterator<String> events =
                lines.body().filter(l -> l.startsWith("data:")).iterator();
        assertThat(events.next()).contains("\"status\":\"SUBMITTED\"");
        // the functions take it up, then it ends: each change is one event, then the stream ends
        experimentRow(id, dev.knobs.domain.experiment.ExperimentStatus.RUNNING);
        assertThat(events.next()).contains("\"status\":\"RUNNING\"");
        Rows.update(
                "update Experiment set status = ?1 where id = ?2",
                dev.knobs.domain.experiment.ExperimentStatus.CANCELLED,
                id);
        assertThat(events.next()).contains("\"status\":\"CANCELLED\"");
        assertThat(events.hasNext()).as("the stream ends with the experiment").isFalse();
    }

    /** A trial of {@code experiment} as the functions record it, with its output on disk. */
    static dev.knobs.domain.experiment.Trial trialWithOutput(
            String experiment, int number, String output) {
        var t = new dev.knobs.domain.experiment.Trial();
        t.id = experiment + "-t" + number;
        t.experimentId = experiment;
        t.number = number;
        t.state = dev.knobs.domain.experiment.TrialState.SUCCEEDED;
        t.parameters = "{\"max_depth\": " + (number + 2) + ", \"booster\": \"gbtree\"}";
        t.metrics = "{\"accuracy\": 0.9" + number + "}";
        t.objectiveValue = Double.parseDouble("0.9" + number);
        t.requestedAt = java.time.Instant.parse("2026-11-30T10:00:00Z");
        t.startedAt = t.requestedAt.plusSeconds(1);
        t.finishedAt = t.startedAt.plusSeconds(number);
        Rows.persist(t);
        try {
            java.nio.file.Path dir =
                    java.nio.file.Path.of(
                                    org.eclipse.microprofile.config.ConfigProvider.getConfig()
                                            .getValue("knobs.data-dir", String.class))
                            .resolve("trials")
                            .resolve(t.id);
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("output.log"), output);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return t;
    }

    @Test
    void trialsExportAsCsvAndJsonAndTheirOutputPagesOnWholeCharacters() throws Exception {
        String id =
                given().contentType(ContentType.JSON)
                        .body(AuthorizationTest.experiment(uploadDataset("exported")))
                        .post("/api/experiments")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
        StringBuilder long_ = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            long_.append("epoch ").append(i).append(" 정확도 0.9\n");
        }
        trialWithOutput(id, 1, long_.toString());
        trialWithOutput(id, 2, "done\n");
        String csv =
                given().get("/api/experiments/" + id + "/trials.csv")
                        .then()
                        .statusCode(200)
                        .header("Content-Disposition", containsString(id + "-trials.csv"))
                        .extract()
                        .asString();
        var records =
                org.apache.commons.csv.CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .get()
                        .parse(new java.io.StringReader(csv))
                        .getRecords();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("params_max_depth")).isEqualTo("3");
        assertThat(records.get(1).get("params_booster")).isEqualTo("gbtree");
        assertThat(Double.parseDouble(records.get(1).get("metrics_accuracy"))).isEqualTo(0.92);
        assertThat(Double.parseDouble(records.get(1).get("duration_s"))).isEqualTo(2.0);
        List<Map<String, Object>> api =
                given().get("/api/experiments/" + id + "/trials").then().extract().path("");
        List<Map<String, Object>> file =
                given().get("/api/experiments/" + id + "/trials.json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("");
        assertThat(file).isEqualTo(api);
        assertThat(records.get(0).get("id")).isEqualTo(api.get(0).get("id"));

        // pages of 1000 bytes, never cutting a character in two, join to the whole output
        StringBuilder joined = new StringBuilder();
        Integer next = 0;
        int pages = 0;
        while (next != null) {
            var page =
                    given().get(
                                    "/api/experiments/"
                                            + id
                                            + "/trials/"
                                            + id
                                            + "-t1/output?offset="
                                            + next
                                            + "&limit=1000")
                            .then()
                            .statusCode(200)
                            .extract();
            String text = page.path("text");
            assertThat(text).doesNotContain("\uFFFD");
            joined.append(text);
            next = page.path("next");
            pages++;
        }
        assertThat(joined.toString()).isEqualTo(long_.toString());
        assertThat(pages).isGreaterThan(50);
        assertThat(
                        given().get("/api/experiments/" + id + "/trials/" + id + "-t1/output.txt")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString())
                .isEqualTo(long_.toString());
        given().get("/api/experiments/" + id + "/trials/" + id + "-t9/output")
                .then()
                .statusCode(404);
        given().get("/api/experiments/" + id + "/trials/" + id + "-t1/output?limit=0")
                .then()
                .statusCode(400)
                .body("error", containsString("limit"));
    }

    @Test
    void theAnalysisOfAnExperimentWithTwentyFourTrialsShowsWhatMattered() {
        String id =
                given().contentType(ContentType.JSON)
                        .body(
                                Map.of(
                                        "name", "analysed",
                                        "datasetId", uploadDataset("analysed"),
                                        "labelColumn", "churn",
                                        "algorithm", "xgboost",
                                        "searchSpace",
                                                "learning_rate = 0.01 ~ 0.3 log\nmax_depth: 2..9\nsubsample = 0.5 ~ 1",
                                        "earlyStopping", "median"))
                        .post("/api/experiments")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
        java.util.Random r = new java.util.Random(3);
        java.time.Instant t0 = java.time.Instant.parse("2026-11-30T10:00:00Z");
        for (int n = 1; n <= 24; n++) {
            double lr = Math.exp(Math.log(0.01) + r.nextDouble() * Math.log(30));
            double value = 0.95 - 0.3 * Math.abs(Math.log10(lr) + 1.3) + 0.002 * r.nextGaussian();
            var t = new dev.knobs.domain.experiment.Trial();
            t.id = id + "-t" + n;
            t.experimentId = id;
            t.number = n;
            t.state =
                    n % 6 == 0
                            ? dev.knobs.domain.experiment.TrialState.PRUNED
                            : dev.knobs.domain.experiment.TrialState.SUCCEEDED;
            t.parameters =
                    dev.knobs.eventing.Json.write(
                            Map.of(
                                    "learning_rate",
                                    lr,
                                    "max_depth",
                                    2 + r.nextInt(8),
                                    "subsample",
                                    0.5 + r.nextDouble() / 2));
            t.objectiveValue =
                    t.state == dev.knobs.domain.experiment.TrialState.SUCCEEDED ? value : null;
            t.requestedAt = t0;
            t.startedAt = t0.plusSeconds(10L * (n / 3));
            t.finishedAt = t.startedAt.plusSeconds(8 + n % 3);
            Rows.persist(t);
            for (long step = 1; step <= 3; step++) {
                var i =
                        dev.knobs.domain.experiment.IntermediateResult.atStep(
                                t, step, value - 0.1 / step);
                Rows.persist(i);
            }
        }
        Map<String, Object> importance =
                given().get("/api/experiments/" + id + "/analysis/importance")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("");
        assertThat((String) importance.get("method"))
                .contains("PED-ANOVA")
                .contains("of 20 succeeded trials");
        List<Map<String, Object>> ranked =
                (List<Map<String, Object>>) importance.get("importances");
        assertThat(ranked).extracting(m -> m.get("parameter")).first().isEqualTo("learning_rate");
        double lowest =
                ranked.stream()
                        .mapToDouble(m -> ((Number) m.get("importance")).doubleValue())
                        .min()
                        .orElseThrow();
        assertThat(
                        ranked.stream()
                                .filter(m -> ((Number) m.get("importance")).doubleValue() == lowest)
                                .map(m -> m.get("parameter")))
                .as("an ignored parameter is the least important: " + ranked)
                .isSubsetOf("max_depth", "subsample");
        given().get("/api/experiments/" + id + "/analysis/importance.svg")
                .then()
                .statusCode(200)
                .contentType("image/svg+xml")
                .body(containsString("<desc>Hyperparameter importance. PED-ANOVA"))
                .body(containsString("learning_rate"));
        String slice =
                given().get("/api/experiments/" + id + "/analysis/slice.svg?param=learning_rate")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString();
        assertThat(slice.split("<circle class=\"trial\"", -1)).hasSize(21);
        given().get("/api/experiments/" + id + "/analysis/slice.svg?param=nope")
                .then()
                .statusCode(400)
                .body("error", containsString("learning_rate"));
        String contour =
                given().get(
                                "/api/experiments/"
                                        + id
                                        + "/analysis/contour.svg?x=learning_rate&y=subsample")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString();
        assertThat(contour.split("<rect class=\"cell\"", -1)).hasSize(481);
        assertThat(contour.split("<circle class=\"trial\"", -1)).hasSize(21);
        assertThat(contour)
                .contains("<desc>20 succeeded trials over learning_rate (across) and subsample");
        given().get("/api/experiments/" + id + "/analysis/contour.svg?x=subsample&y=subsample")
                .then()
                .statusCode(400)
                .body("error", containsString("two different"));
        String timeline =
                given().get("/api/experiments/" + id + "/analysis/timeline.svg")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString();
        assertThat(timeline.split("<rect class=\"run", -1)).hasSize(25);
        assertThat(timeline).contains("run pruned").contains("<desc>24 trials that ran");
        String curves =
                given().get("/api/experiments/" + id + "/analysis/intermediate.svg")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString();
        assertThat(curves.split("<polyline class=\"curve", -1)).hasSize(25);
        assertThat(curves).contains("4 pruned").contains("curve pruned");
    }

    @Test
    void theSampleDatasetIsAddedWithItsChurnColumn() {
        given().post("/api/datasets/sample")
                .then()
                .statusCode(201)
                .body("name", equalTo("churn-sample"))
                .body("rows", equalTo(1200))
                .body(
                        "profile.columns.name",
                        org.hamcrest.Matchers.contains(
                                "age", "income", "plan", "visits", "tenure", "churn"));
    }

    @Test
    void listsArePagedAndSearched() {
        String tag = "paged" + Long.toHexString(System.nanoTime());
        for (int i = 0; i < 5; i++) {
            uploadDataset(tag + "_" + i);
        }
        var all =
                given().get("/api/datasets?q=" + tag + "&limit=2&offset=0")
                        .then()
                        .statusCode(200)
                        .header(Paging.TOTAL, "5")
                        .extract();
        assertThat(all.<List<String>>path("name")).hasSize(2).allMatch(n -> n.startsWith(tag));
        given().get("/api/datasets?q=" + tag + "&limit=2&offset=4")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1));
        // '_' is itself, not any character
        given().get("/api/datasets?q=" + tag + "_3").then().header(Paging.TOTAL, "1");
        given().get("/api/datasets?q=" + tag.toUpperCase()).then().header(Paging.TOTAL, "5");
        given().get("/api/experiments?limit=0")
                .then()
                .statusCode(400)
                .body("error", containsString("limit"));
        given().get("/api/models?q=nothing-like-it")
                .then()
                .statusCode(200)
                .header(Paging.TOTAL, "0");
    }

    @Test
    void anEndedExperimentIsClonedAndDeletedWithItsFilesButNotItsServedModel() throws Exception {
        String dataset = uploadDataset("doomed");
        String id =
                given().contentType(ContentType.JSON)
                        .body(AuthorizationTest.experiment(dataset))
                        .post("/api/experiments")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
        given().delete("/api/experiments/" + id)
                .then()
                .statusCode(409)
                .body("error", containsString("cancel it"));
        given().delete("/api/datasets/" + dataset)
                .then()
                .statusCode(409)
                .body("error", containsString(id));
        // the clone request starts the same experiment again
        Map<String, Object> again =
                given().get("/api/experiments/" + id + "/request")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("");
        assertThat(again.get("datasetId")).isEqualTo(dataset);
        String clone =
                given().contentType(ContentType.JSON)
                        .body(again)
                        .post("/api/experiments")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(201)
                        .extract()
                        .path("id");
        assertThat(
                        given().get("/api/experiments/" + clone)
                                .then()
                                .extract()
                                .<List<String>>path("searchSpace"))
                .isEqualTo(
                        given().get("/api/experiments/" + id)
                                .then()
                                .extract()
                                .<List<String>>path("searchSpace"));

        // it ended: one trial's model is served (its file stays), the other's goes
        var e = new dev.knobs.domain.experiment.Experiment();
        e.id = id;
        e.owner = "alice";
        e.name = "doomed";
        e.status = dev.knobs.domain.experiment.ExperimentStatus.SUCCEEDED;
        e.spec = payloadOf(id);
        e.objectiveMetric = "accuracy";
        e.createdAt = java.time.Instant.now();
        Rows.persist(e);
        trialWithOutput(id, 1, "one\n");
        trialWithOutput(id, 2, "two\n");
        java.nio.file.Path data =
                java.nio.file.Path.of(
                        org.eclipse.microprofile.config.ConfigProvider.getConfig()
                                .getValue("knobs.data-dir", String.class));
        java.nio.file.Path models = data.resolve("artifacts").resolve("models");
        java.nio.file.Files.createDirectories(models);
        java.nio.file.Files.writeString(models.resolve(id + "-t1"), "served");
        java.nio.file.Files.writeString(models.resolve(id + "-t2"), "not served");
        var r = new dev.knobs.domain.experiment.ModelRevision();
        r.id = "doomed-" + id + "-r1";
        r.name = "doomed-" + id;
        r.revision = 1;
        r.owner = "alice";
        r.source = "best:" + id;
        r.experimentId = id;
        r.artifactUrl = "http://localhost:8080/api/artifacts/models/" + id + "-t1";
        r.format = "onnx";
        r.state = dev.knobs.domain.experiment.ModelRevision.State.SERVED;
        r.createdAt = java.time.Instant.now();
        Rows.persist(r);

        given().delete("/api/experiments/" + id).then().statusCode(204);
        given().get("/api/experiments/" + id).then().statusCode(404);
        assertThat(java.nio.file.Files.exists(data.resolve("trials").resolve(id + "-t1")))
                .isFalse();
        assertThat(java.nio.file.Files.exists(models.resolve(id + "-t2"))).isFalse();
        assertThat(java.nio.file.Files.readString(models.resolve(id + "-t1"))).isEqualTo("served");
        Long left =
                Rows.read(
                        () ->
                                io.quarkus.hibernate.reactive.panache.Panache.getSession()
                                        .chain(
                                                s ->
                                                        s.createSelectionQuery(
                                                                        "select count(*) from Trial where experimentId = ?1",
                                                                        Long.class)
                                                                .setParameter(1, id)
                                                                .getSingleResult()));
        assertThat(left).isZero();
        // the clone still uses the dataset; once it ended too the dataset may go
        given().delete("/api/datasets/" + dataset)
                .then()
                .statusCode(409)
                .body("error", containsString(clone));
        Rows.update("update Submission set owner = 'nobody' where id = ?1", clone);
        given().delete("/api/datasets/" + dataset).then().statusCode(204);
        given().get("/api/datasets/" + dataset).then().statusCode(404);
        assertThat(
                        java.nio.file.Files.exists(
                                data.resolve("artifacts").resolve("datasets").resolve(dataset)))
                .isFalse();
    }

    @Test
    void privateSinksAndBadSubscriptionsAreRefusedWithASentence() {
        Map<String, String> refused =
                Map.of(
                        "http://127.0.0.1:8080/hook", "KNOBS_NOTIFICATIONS_ALLOW_PRIVATE_SINKS",
                        "http://localhost/hook", "loopback, private",
                        "http://169.254.169.254/latest/meta-data/", "link-local",
                        "http://10.1.2.3/hook", "private",
                        "http://[::1]/hook", "loopback",
                        "http://[fd00::1]/hook", "private",
                        "http://[::ffff:192.168.1.1]/hook", "private",
                        "http://metadata.google.internal/x", "metadata",
                        "kafka://127.0.0.1:9092", "private");
        for (var sink : refused.entrySet()) {
            Map<String, Object> body = new java.util.HashMap<>();
            body.put("sink", sink.getKey());
            if (sink.getKey().startsWith("kafka")) {
                body.put("protocol", "KAFKA");
                body.put("protocolSettings", Map.of("topicName", "knobs"));
            }
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/subscriptions")
                    .then()
                    .statusCode(400)
                    .body("error", containsString(sink.getValue()));
        }
        Map<Map<String, Object>, String> bad =
                Map.of(
                        Map.of(), "needs a sink",
                        Map.of("sink", "ftp://example.com/x"), "http:// or https://",
                        Map.of("sink", "not a url at all"), "not a URL",
                        Map.of("sink", "http://user:pw@[2001:db8::1]/"), "user name or password",
                        Map.of(
                                        "sink",
                                        "http://[2001:4860::1]/",
                                        "types",
                                        List.of("trial-finished")),
                                "no event type a subscription takes",
                        Map.of("sink", "http://[2001:4860::1]/", "filters", Map.of("owner", "bob")),
                                "unknown filter",
                        Map.of("sink", "http://[2001:4860::1]/", "protocol", "SMTP"),
                                "HTTP or KAFKA",
                        Map.of("sink", "kafka://[2001:4860::1]:9092", "protocol", "KAFKA"),
                                "topicName",
                        Map.of("sink", "kafka://nohost", "protocol", "KAFKA"), "host:port",
                        Map.of(
                                        "sink",
                                        "http://[2001:4860::1]/",
                                        "protocolSettings",
                                        Map.of("headers", Map.of("webhook-id", "x"))),
                                "cannot be a header");
        for (var b : bad.entrySet()) {
            given().contentType(ContentType.JSON)
                    .body(b.getKey())
                    .post("/api/subscriptions")
                    .then()
                    .statusCode(400)
                    .body("error", containsString(b.getValue()));
        }
        given().contentType(ContentType.JSON)
                .body("{\"sink\": ")
                .post("/api/subscriptions")
                .then()
                .statusCode(400);
    }

    @Test
    void aModelPublishedEventDeliveredTwiceInBothModesNotifiesOnce() {
        RestAssured.requestSpecification = null; // as the broker delivers: its credential only
        // the functions record the model before they announce it; its owner comes from here
        var row = new dev.knobs.domain.experiment.PublishedModel();
        row.name = "churn-abc123";
        row.owner = "alice";
        row.revision = 1;
        row.url = "http://localhost:8092/models/churn-abc123";
        row.artifactUrl = "http://localhost:8080/api/artifacts/models/x";
        row.format = ModelRef.XGBOOST_JSON;
        row.publishedAt = java.time.Instant.now();
        Rows.persist(row);
        ModelPublished published =
                new ModelPublished(
                        "churn-abc123",
                        "alice",
                        "churn-abc123",
                        1,
                        "http://localhost:8092/models/churn-abc123",
                        new ModelRef(
                                "http://localhost:8080/api/artifacts/models/x",
                                ModelRef.XGBOOST_JSON));
        KnobsEvent<ModelPublished> event =
                new KnobsEvent<>(
                        EventIds.modelPublished("churn-abc123", 1),
                        EventSources.FUNCTIONS,
                        "churn-abc123",
                        published);
        for (boolean structured : new boolean[] {false, true, false}) {
            SubscriptionsTest.deliver(event, structured);
        }
        given().spec(Logins.as("alice"))
                .get("/api/notifications")
                .then()
                .statusCode(200)
                .body("findAll { it.url == '#model/churn-abc123' }", hasSize(1))
                .body(
                        "[0].message",
                        containsString("is served at http://localhost:8092/models/churn-abc123"));
        given().header("Authorization", "Bearer " + FrontResource.BROKER)
                .contentType("application/json")
                .body("{}")
                .post("/api/events")
                .then()
                .statusCode(400);
        // the same event unsigned, or signed with another key: refused, and nothing is notified
        RequestSpecification unsigned =
                given().header("Authorization", "Bearer " + FrontResource.BROKER);
        KnobsEvent<ModelPublished> forged =
                new KnobsEvent<>(
                        EventIds.modelPublished("churn-abc123", 2),
                        EventSources.FUNCTIONS,
                        "churn-abc123",
                        new ModelPublished(
                                "churn-abc123",
                                "alice",
                                "churn-abc123",
                                2,
                                "http://evil.example.com/phish",
                                published.model()));
        unsigned.body(EventCodec.writeBinary(EventCodec.toCloudEvent(forged), unsigned::header))
                .post("/api/events")
                .then()
                .statusCode(403);
        RequestSpecification otherKey =
                given().header("Authorization", "Bearer " + FrontResource.BROKER);
        otherKey.body(
                        EventCodec.writeBinary(
                                EventCodec.toCloudEvent(
                                        forged,
                                        new dev.knobs.eventing.trust.EventSignatures(
                                                dev.knobs.eventing.trust.PlatformKey.of(
                                                        "b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMhISE="))),
                                otherKey::header))
                .post("/api/events")
                .then()
                .statusCode(403);
        given().spec(Logins.as("alice"))
                .get("/api/notifications")
                .then()
                .statusCode(200)
                .body(not(containsString("evil.example.com")));
    }

    @Test
    void thePageAndTheApiDocumentationAreServed() {
        given().get("/")
                .then()
                .statusCode(200)
                .body(containsString("New experiment"))
                .body(containsString("<option value=\"xgboost\">"));
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/experiments/{id}/leaderboard"));
        given().get("/api/experiments/none")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", containsString("no experiment"));
    }
}
