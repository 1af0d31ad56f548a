package dev.knobs.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventType;
import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.payload.ModelAccessChanged;
import dev.knobs.formats.SyntheticData;
import dev.knobs.trainer.OnnxModels;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Every route of the API and every page, three ways: without a login (401 for the API, a redirect
 * to the login form for pages), as another user (404 for alice's things, and her things absent from
 * his lists) and as the owner (success). The routes are checked against the OpenAPI document, so a
 * new route without an entry here fails this test.
 */
@QuarkusTest
@QuarkusTestResource(FrontResource.class)
class AuthorizationTest {
    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    static final String OWNER = "alice";
    static final String OTHER = "bob";

    /** Paths every request may reach: the broker's deliveries and the artifact API's own token. */
    /** Routes for machines, not people: each takes only its own kind of credential. */
    static final Set<String> MACHINES =
            Set.of(
                    "POST /api/events",
                    "POST /api/dead-letters",
                    "POST /api/trial-events",
                    "GET /api/artifacts/{kind}/{id}",
                    "HEAD /api/artifacts/{kind}/{id}",
                    "PUT /api/artifacts/models/{id}");

    /** Where alice's model is served: answers every prediction with "yes". */
    static final ModelEndpoint ENDPOINT = new ModelEndpoint();

    /** alice's things, made once. */
    record Things(
            String dataset,
            String experiment,
            String model,
            String token,
            String subscription,
            long delivery,
            String notification) {}

    /**
     * A public address that takes no DNS lookup; nothing is ever delivered there in these tests.
     */
    static final String PUBLIC_SINK = "http://[2001:4860:4860::8888]/hook";

    /**
     * One route: how to call it ({@code spec} carries the login), what the owner gets, and whether
     * it names one of alice's things (then bob gets 404) or lists them (then bob must not see
     * them).
     */
    record Route(
            String method,
            String path,
            Function<Things, String> url,
            Function<RequestSpecification, RequestSpecification> body,
            int ownerStatus,
            Kind kind) {}

    enum Kind {
        NAMES_HERS,
        LISTS,
        HIS_OWN,
        ADMIN
    }

    static Function<RequestSpecification, RequestSpecification> none() {
        return r -> r;
    }

    static Function<RequestSpecification, RequestSpecification> json(Object body) {
        return r -> r.contentType(ContentType.JSON).body(body);
    }

    static List<Route> routes() {
        List<Route> r = new ArrayList<>();
        // datasets
        r.add(new Route("GET", "/api/datasets", t -> "/api/datasets", none(), 200, Kind.LISTS));
        r.add(
                new Route(
                        "GET",
                        "/api/datasets/{id}",
                        t -> "/api/datasets/" + t.dataset(),
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        "/api/datasets",
                        t -> "/api/datasets",
                        x -> x.contentType("text/csv").body(SyntheticData.churnCsv(30, 2)),
                        201,
                        Kind.HIS_OWN));
        r.add(
                new Route(
                        "POST",
                        "/api/datasets/sample",
                        t -> "/api/datasets/sample",
                        none(),
                        201,
                        Kind.HIS_OWN));
        // experiments
        r.add(
                new Route(
                        "GET",
                        "/api/experiments",
                        t -> "/api/experiments",
                        none(),
                        200,
                        Kind.LISTS));
        r.add(
                new Route(
                        "POST",
                        "/api/experiments",
                        t -> "/api/experiments",
                        x -> x,
                        201,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "GET",
                        "/api/experiments/{id}",
                        t -> "/api/experiments/" + t.experiment(),
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "GET",
                        "/api/experiments/{id}/trials",
                        t -> "/api/experiments/" + t.experiment() + "/trials",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "GET",
                        "/api/experiments/{id}/leaderboard",
                        t -> "/api/experiments/" + t.experiment() + "/leaderboard",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "GET",
                        "/api/experiments/{id}/plots/{plot}",
                        t -> "/api/experiments/" + t.experiment() + "/plots/history.svg",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        "/api/experiments/{id}/cancel",
                        t -> "/api/experiments/" + t.experiment() + "/cancel",
                        none(),
                        409,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "GET",
                        "/api/experiments/{id}/live",
                        t -> "/api/experiments/" + t.experiment() + "/live",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        "/api/search-space/parse",
                        t -> "/api/search-space/parse",
                        x -> x.contentType(ContentType.TEXT).body("x = 0.0 ~ 1.0"),
                        200,
                        Kind.HIS_OWN));
        // models
        r.add(new Route("GET", "/api/models", t -> "/api/models", none(), 200, Kind.LISTS));
        r.add(
                new Route(
                        "GET",
                        "/api/models/{name}",
                        t -> "/api/models/" + t.model(),
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "PUT",
                        "/api/models/{name}/access",
                        t -> "/api/models/" + t.model() + "/access",
                        json(Map.of("requireToken", true)),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        "/api/models/{name}/predict",
                        t -> "/api/models/" + t.model() + "/predict",
                        json(Map.of("instances", List.of(Map.of("x", 1)))),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "GET",
                        "/api/models/{name}/versions",
                        t -> "/api/models/" + t.model() + "/versions",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "PUT",
                        "/api/models/{name}/traffic",
                        t -> "/api/models/" + t.model() + "/traffic",
                        json(Map.of("primary", 1)),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        "/api/models/{name}/rollback",
                        t -> "/api/models/" + t.model() + "/rollback",
                        none(),
                        409,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "PUT",
                        "/api/models/{name}/scaling",
                        t -> "/api/models/" + t.model() + "/scaling",
                        json(Map.of("minScale", 0, "scaleDownDelaySeconds", 30)),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "DELETE",
                        "/api/models/{name}/versions/{version}",
                        t -> "/api/models/" + t.model() + "/versions/1",
                        none(),
                        409,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "GET",
                        "/api/models/{name}/versions/{version}/file",
                        t -> "/api/models/" + t.model() + "/versions/1/file",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "DELETE",
                        "/api/models/{name}",
                        t -> "/api/models/" + t.model(),
                        none(),
                        202,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        "/api/models",
                        t -> "/api/models?name=another",
                        x ->
                                x.contentType("application/octet-stream")
                                        .body(OnnxModels.linear(new float[] {1, 2}, 0f)),
                        202,
                        Kind.HIS_OWN));
        r.add(
                new Route(
                        "POST",
                        "/api/trainers",
                        t -> "/api/trainers?name=t",
                        x -> x.contentType("application/zip").body(zip()),
                        201,
                        Kind.HIS_OWN));
        r.add(
                new Route(
                        "GET",
                        "/api/notifications",
                        t -> "/api/notifications",
                        none(),
                        200,
                        Kind.HIS_OWN));
        // account
        notificationRoutes(r);
        subscriptionRoutes(r);
        resultRoutes(r);
        r.add(new Route("GET", "/api/account", t -> "/api/account", none(), 200, Kind.HIS_OWN));
        r.add(
                new Route(
                        "POST",
                        "/api/account/password",
                        t -> "/api/account/password",
                        json(Map.of("current", "wrong", "password", "a-new-password")),
                        400,
                        Kind.HIS_OWN));
        r.add(new Route("GET", "/api/tokens", t -> "/api/tokens", none(), 200, Kind.LISTS));
        r.add(
                new Route(
                        "POST",
                        "/api/tokens",
                        t -> "/api/tokens",
                        json(Map.of("name", "ci")),
                        201,
                        Kind.HIS_OWN));
        r.add(
                new Route(
                        "DELETE",
                        "/api/tokens/{id}",
                        t -> "/api/tokens/" + t.token(),
                        none(),
                        204,
                        Kind.NAMES_HERS));
        r.add(new Route("GET", "/api/users", t -> "/api/users", none(), 403, Kind.ADMIN));
        r.add(
                new Route(
                        "POST",
                        "/api/users",
                        t -> "/api/users",
                        json(Map.of("username", "carol")),
                        403,
                        Kind.ADMIN));
        r.add(
                new Route(
                        "DELETE",
                        "/api/users/{username}",
                        t -> "/api/users/" + OTHER,
                        none(),
                        403,
                        Kind.ADMIN));
        r.add(
                new Route(
                        "GET",
                        "/api/admin/dead-letters",
                        t -> "/api/admin/dead-letters",
                        none(),
                        403,
                        Kind.ADMIN));
        r.add(
                new Route(
                        "POST",
                        "/api/admin/dead-letters/replay",
                        t -> "/api/admin/dead-letters/replay?key=x",
                        none(),
                        403,
                        Kind.ADMIN));
        r.add(new Route("POST", "/logout", t -> "/logout", none(), 204, Kind.HIS_OWN));
        return r;
    }

    static byte[] zip() {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("train.sh"));
            z.write("echo score=1\n".getBytes());
            z.closeEntry();
            z.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Things hers() {
        RequestSpecification alice = Logins.as(OWNER);
        String dataset =
                given().spec(alice)
                        .contentType("text/csv")
                        .body(SyntheticData.churnCsv(60, 1))
                        .post("/api/datasets")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
        String experiment =
                given().spec(alice)
                        .contentType(ContentType.JSON)
                        .body(experiment(dataset))
                        .post("/api/experiments")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(201)
                        .extract()
                        .path("id");
        String model = "hers-" + Long.toHexString(System.nanoTime());
        given().spec(alice)
                .contentType("application/octet-stream")
                .queryParam("name", model)
                .body(OnnxModels.linear(new float[] {1, 2, 3}, 0.5f))
                .post("/api/models")
                .then()
                .statusCode(202);
        published(model, OWNER);
        String token =
                given().spec(alice)
                        .contentType(ContentType.JSON)
                        .body(Map.of("name", "to revoke"))
                        .post("/api/tokens")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
        String subscription =
                given().spec(alice)
                        .contentType(ContentType.JSON)
                        .body(Map.of("sink", PUBLIC_SINK, "types", List.of("subscription-test")))
                        .post("/api/subscriptions")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
        // deliveries to it stay on this machine: refused there as a private sink (the default)
        Rows.update(
                "update Subscription set sink = ?1 where id = ?2",
                "http://127.0.0.1:9/",
                subscription);
        Number delivery =
                given().spec(alice)
                        .post("/api/subscriptions/" + subscription + "/test")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("id");
        ApiTest.trialWithOutput(experiment, 1, "trial 1 of " + experiment + " says hello\n");
        var n = new dev.knobs.web.notification.Notification();
        n.id = java.util.UUID.randomUUID().toString();
        n.eventKey = "test/" + n.id;
        n.owner = OWNER;
        n.type = "experiment-started";
        n.message = "Experiment " + experiment + " started";
        n.experimentId = experiment;
        n.url = "#experiment/" + experiment;
        n.createdAt = java.time.Instant.now();
        Rows.persist(n);
        return new Things(
                dataset, experiment, model, token, subscription, delivery.longValue(), n.id);
    }

    static void resultRoutes(List<Route> r) {
        for (String analysis :
                List.of(
                        "importance",
                        "importance.svg",
                        "slice.svg",
                        "timeline.svg",
                        "intermediate.svg")) {
            r.add(
                    new Route(
                            "GET",
                            "/api/experiments/{id}/analysis/" + analysis,
                            t ->
                                    "/api/experiments/"
                                            + t.experiment()
                                            + "/analysis/"
                                            + analysis
                                            + (analysis.equals("slice.svg")
                                                    ? "?param=max_depth"
                                                    : ""),
                            none(),
                            200,
                            Kind.NAMES_HERS));
        }
        // her experiment searches one parameter: a contour needs two (400 for her, 404 for him)
        r.add(
                new Route(
                        "GET",
                        "/api/experiments/{id}/analysis/contour.svg",
                        t ->
                                "/api/experiments/"
                                        + t.experiment()
                                        + "/analysis/contour.svg?x=max_depth&y=learning_rate",
                        none(),
                        400,
                        Kind.NAMES_HERS));
        // hers has one objective, so no Pareto front: 409 (another user: 404)
        for (String front : List.of("pareto-front", "pareto-front.svg")) {
            r.add(
                    new Route(
                            "GET",
                            "/api/experiments/{id}/" + front,
                            t -> "/api/experiments/" + t.experiment() + "/" + front,
                            none(),
                            409,
                            Kind.NAMES_HERS));
        }
        // hers still runs: 409 (another user: 404)
        r.add(
                new Route(
                        "POST",
                        "/api/experiments/{id}/extend",
                        t -> "/api/experiments/" + t.experiment() + "/extend",
                        json(Map.of("additionalTrials", 5)),
                        409,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "GET",
                        "/api/experiments/{id}/request",
                        t -> "/api/experiments/" + t.experiment() + "/request",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        // hers still runs, and her dataset is in use: refused with 409 (another user: 404)
        r.add(
                new Route(
                        "DELETE",
                        "/api/experiments/{id}",
                        t -> "/api/experiments/" + t.experiment(),
                        none(),
                        409,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "DELETE",
                        "/api/datasets/{id}",
                        t -> "/api/datasets/" + t.dataset(),
                        none(),
                        409,
                        Kind.NAMES_HERS));
        for (String file : List.of("trials.csv", "trials.json")) {
            r.add(
                    new Route(
                            "GET",
                            "/api/experiments/{id}/" + file,
                            t -> "/api/experiments/" + t.experiment() + "/" + file,
                            none(),
                            200,
                            Kind.NAMES_HERS));
        }
        for (String output : List.of("output", "output.txt")) {
            r.add(
                    new Route(
                            "GET",
                            "/api/experiments/{id}/trials/{trial}/" + output,
                            t ->
                                    "/api/experiments/"
                                            + t.experiment()
                                            + "/trials/"
                                            + t.experiment()
                                            + "-t1/"
                                            + output,
                            none(),
                            200,
                            Kind.NAMES_HERS));
        }
        // hers has published nothing yet: 409 (another user: 404)
        r.add(
                new Route(
                        "POST",
                        "/api/experiments/{id}/trials/{trial}/publish",
                        t ->
                                "/api/experiments/"
                                        + t.experiment()
                                        + "/trials/"
                                        + t.experiment()
                                        + "-t1/publish",
                        none(),
                        409,
                        Kind.NAMES_HERS));
    }

    static void notificationRoutes(List<Route> r) {
        r.add(
                new Route(
                        "GET",
                        "/api/notifications/summary",
                        t -> "/api/notifications/summary",
                        none(),
                        200,
                        Kind.HIS_OWN));
        r.add(
                new Route(
                        "POST",
                        "/api/notifications/{id}/read",
                        t -> "/api/notifications/" + t.notification() + "/read",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        "/api/notifications/read-all",
                        t -> "/api/notifications/read-all",
                        none(),
                        200,
                        Kind.HIS_OWN));
        r.add(
                new Route(
                        "GET",
                        "/api/notifications/live",
                        t -> "/api/notifications/live",
                        none(),
                        200,
                        Kind.HIS_OWN));
    }

    static void subscriptionRoutes(List<Route> r) {
        r.add(
                new Route(
                        "GET",
                        "/api/subscriptions",
                        t -> "/api/subscriptions",
                        none(),
                        200,
                        Kind.LISTS));
        r.add(
                new Route(
                        "POST",
                        "/api/subscriptions",
                        t -> "/api/subscriptions",
                        json(Map.of("sink", PUBLIC_SINK, "types", List.of("subscription-test"))),
                        201,
                        Kind.HIS_OWN));
        String one = "/api/subscriptions/{id}";
        Function<Things, String> hers = t -> "/api/subscriptions/" + t.subscription();
        r.add(new Route("GET", one, hers, none(), 200, Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        one + "/rotate-secret",
                        t -> hers.apply(t) + "/rotate-secret",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        one + "/enable",
                        t -> hers.apply(t) + "/enable",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        one + "/test",
                        t -> hers.apply(t) + "/test",
                        none(),
                        202,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "GET",
                        one + "/deliveries",
                        t -> hers.apply(t) + "/deliveries",
                        none(),
                        200,
                        Kind.NAMES_HERS));
        r.add(
                new Route(
                        "POST",
                        one + "/deliveries/{delivery}/redeliver",
                        t -> hers.apply(t) + "/deliveries/" + t.delivery() + "/redeliver",
                        none(),
                        202,
                        Kind.NAMES_HERS));
        r.add(new Route("DELETE", one, hers, none(), 204, Kind.NAMES_HERS));
    }

    /** The row the functions write once the uploaded model is served. */
    static void published(String model, String owner) {
        var m = new dev.knobs.domain.experiment.PublishedModel();
        m.name = model;
        m.owner = owner;
        m.revision = 1;
        // the public address is not where the front calls it: the internal one is
        m.url = "http://192.0.2.1:9/models/" + model;
        m.internalUrl = ENDPOINT.url() + "/models/" + model;
        m.artifactUrl = "http://127.0.0.1:9/api/artifacts/models/" + model;
        m.format = "onnx";
        m.publishedAt = java.time.Instant.now();
        Rows.persist(m);
        var r = new dev.knobs.domain.experiment.ModelRevision();
        r.id = dev.knobs.domain.experiment.ModelRevision.id(model, 1);
        r.name = model;
        r.revision = 1;
        r.owner = owner;
        r.source = "upload:" + model;
        r.artifactUrl = m.artifactUrl;
        r.format = "onnx";
        r.state = dev.knobs.domain.experiment.ModelRevision.State.SERVED;
        r.createdAt = m.publishedAt;
        r.servedAt = m.publishedAt;
        Rows.persist(r);
        io.quarkus.arc.Arc.container()
                .instance(dev.knobs.web.artifact.ArtifactStore.class)
                .get()
                .write(
                        dev.knobs.web.artifact.ArtifactStore.Kind.MODELS,
                        model,
                        OnnxModels.linear(new float[] {1, 2, 3}, 0.5f));
    }

    static Map<String, Object> experiment(String dataset) {
        return Map.of(
                "name", "Isolated",
                "datasetId", dataset,
                "labelColumn", "churn",
                "algorithm", "xgboost",
                "searchSpace", "max_depth: 2..4",
                "budget", Map.of("maxTrials", 2, "parallelTrials", 1));
    }

    /** POST /api/experiments names a dataset: bob may not start one on alice's. */
    static RequestSpecification bodyFor(Route route, Things t, RequestSpecification r) {
        if (route.path().equals("/api/experiments") && route.method().equals("POST")) {
            return r.contentType(ContentType.JSON).body(experiment(t.dataset()));
        }
        return route.body().apply(r);
    }

    static Response call(Route route, Things t, RequestSpecification r) {
        return bodyFor(route, t, r.redirects().follow(false))
                .request(route.method(), route.url().apply(t));
    }

    @Test
    void everyRouteIsCoveredHere() {
        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths =
                given().get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("paths");
        paths.forEach(
                (path, operations) ->
                        operations
                                .keySet()
                                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));
        Set<String> here = new TreeSet<>(MACHINES);
        routes().forEach(r -> here.add(r.method() + " " + r.path()));
        assertThat(here).containsAll(documented);
    }

    /**
     * The machines' routes refuse a stranger, a person with a valid login, and every credential
     * that is not theirs — before the body is read.
     */
    @Test
    void machineRoutesRefuseStrangersPeopleAndOtherMachines() {
        Things t = hers();
        String event =
                "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/x\","
                        + "\"type\":\"dev.knobs.trial-finished\",\"data\":{}}";
        Map<String, Function<RequestSpecification, Response>> calls =
                new java.util.LinkedHashMap<>();
        calls.put(
                "POST /api/events",
                r -> r.contentType("application/cloudevents+json").body(event).post("/api/events"));
        calls.put(
                "POST /api/dead-letters",
                r ->
                        r.contentType("application/cloudevents+json")
                                .body(event)
                                .post("/api/dead-letters"));
        calls.put(
                "POST /api/trial-events",
                r ->
                        r.contentType("application/cloudevents+json")
                                .body(event)
                                .post("/api/trial-events"));
        calls.put(
                "GET /api/artifacts/{kind}/{id}",
                r -> r.get("/api/artifacts/datasets/" + t.dataset()));
        calls.put(
                "HEAD /api/artifacts/{kind}/{id}",
                r -> r.head("/api/artifacts/datasets/" + t.dataset()));
        calls.put(
                "PUT /api/artifacts/models/{id}",
                r ->
                        r.contentType("application/octet-stream")
                                .body(new byte[] {1})
                                .put("/api/artifacts/models/x-t1"));
        assertThat(calls.keySet()).containsExactlyInAnyOrderElementsOf(MACHINES);
        Map<String, RequestSpecification> callers = new java.util.LinkedHashMap<>();
        callers.put("a stranger", new io.restassured.builder.RequestSpecBuilder().build());
        callers.put("a forged credential", Logins.bearer("knobs_part~broker~forged"));
        callers.put("alice's login", Logins.as(OWNER));
        callers.put("the administrator's login", Logins.as(Logins.ADMIN));
        callers.put(
                "a model's caller credential",
                Logins.bearer(FrontResource.CREDENTIALS.modelCaller(t.model())));
        for (var call : calls.entrySet()) {
            for (var caller : callers.entrySet()) {
                Response answer = call.getValue().apply(given().spec(caller.getValue()));
                assertThat(answer.statusCode())
                        .as(call.getKey() + " by " + caller.getKey() + ": " + answer.asString())
                        .isIn(401, 403);
            }
        }
        // a trial's credential reports for its own trial only, and is no broker
        String trial =
                FrontResource.CREDENTIALS.trial("x-t1", 1, java.time.Instant.now().plusSeconds(60));
        for (String route : List.of("POST /api/events", "POST /api/dead-letters")) {
            assertThat(calls.get(route).apply(given().spec(Logins.bearer(trial))).statusCode())
                    .as(route + " by a trial")
                    .isIn(401, 403);
        }
    }

    @Test
    void withoutALoginTheApiAnswers401AndPagesSendToTheLoginForm() {
        Things t = hers();
        for (Route route : routes()) {
            call(route, t, given())
                    .then()
                    .statusCode(401)
                    .contentType(ContentType.JSON)
                    .body("error", containsString("log in first"));
        }
        given().redirects()
                .follow(false)
                .accept("text/html")
                .get("/")
                .then()
                .statusCode(302)
                .header("Location", "/login");
        given().redirects()
                .follow(false)
                .accept("text/html")
                .get("/?x=1")
                .then()
                .statusCode(302)
                .header("Location", "/login?next=%2F%3Fx%3D1");
        given().get("/login")
                .then()
                .statusCode(200)
                .body(containsString("<form id=\"login-form\""));
        given().header("Authorization", "Bearer knobs_nothing_here")
                .get("/api/datasets")
                .then()
                .statusCode(401)
                .body("error", containsString("not valid"));
        given().cookie("knobs_session", "forged").get("/api/datasets").then().statusCode(401);
    }

    @Test
    void anotherUserGets404ForHerThingsAndDoesNotSeeThemInLists() {
        Things t = hers();
        RequestSpecification bob = Logins.as(OTHER);
        for (Route route : routes()) {
            if (route.path().equals("/api/notifications/live")) {
                continue; // his own stream, open as long as he reads: checked below
            }
            Response answer = call(route, t, given().spec(bob));
            String what = route.method() + " " + route.path();
            switch (route.kind()) {
                case NAMES_HERS -> assertThat(answer.statusCode()).as(what).isEqualTo(404);
                case LISTS -> {
                    assertThat(answer.statusCode()).as(what).isEqualTo(200);
                    assertThat(answer.asString())
                            .as(what)
                            .doesNotContain(t.dataset())
                            .doesNotContain(t.experiment())
                            .doesNotContain(t.model())
                            .doesNotContain(t.token())
                            .doesNotContain(t.subscription());
                }
                case HIS_OWN, ADMIN ->
                        assertThat(answer.statusCode()).as(what).isEqualTo(route.ownerStatus());
            }
            assertThat(answer.asString()).as(what).doesNotContain("Exception");
        }
        assertThat(firstLiveSummary(OTHER)).doesNotContain(t.experiment());
        assertThat(firstLiveSummary(OWNER)).contains(t.experiment());
    }

    /** The first summary on {@code user}'s live notification stream. */
    private String firstLiveSummary(String user) {
        var live = Logins.stream(base, "api/notifications/live", user);
        assertThat(live.statusCode()).isEqualTo(200);
        try (var lines = live.body()) {
            return lines.filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
        }
    }

    @Test
    void theOwnerSucceedsWithATokenAndWithThePageLogin() throws Exception {
        Things t = hers();
        for (Route route : routes()) {
            if (route.path().equals("/logout") || route.path().equals("/api/tokens/{id}")) {
                continue; // checked with a page login below: a token cannot log out
            }
            if (route.path().endsWith("/live")) {
                continue; // a stream that lasts as long as the experiment: checked below
            }
            Response answer = call(route, t, given().spec(Logins.as(OWNER)));
            assertThat(answer.statusCode())
                    .as(route.method() + " " + route.path() + ": " + answer.asString())
                    .isEqualTo(route.ownerStatus());
        }
        var live = Logins.live(base, t.experiment(), OWNER);
        assertThat(live.statusCode()).isEqualTo(200);
        try (var lines = live.body()) {
            assertThat(lines.filter(l -> l.startsWith("data:")).findFirst())
                    .hasValueSatisfying(l -> assertThat(l).contains(t.experiment()));
        }
        Logins.Session page = Logins.login(OWNER, Logins.password(OWNER));
        given().spec(page.spec())
                .accept("text/html")
                .get("/")
                .then()
                .statusCode(200)
                .body(containsString(page.csrf()));
        given().spec(page.spec())
                .get("/api/experiments/" + t.experiment())
                .then()
                .statusCode(200)
                .body("id", equalTo(t.experiment()));
        given().spec(page.spec()).delete("/api/tokens/" + t.token()).then().statusCode(204);
        given().spec(page.spec()).post("/logout").then().statusCode(204);
        given().cookie("knobs_session", page.cookie()).get("/api/account").then().statusCode(401);
    }

    @Test
    void anOwnerMakesHerModelNeedATokenAndHerTryItFormStillReachesIt() {
        String model = "locked-" + Long.toHexString(System.nanoTime());
        published(model, OWNER);
        RequestSpecification alice = Logins.as(OWNER);
        String token =
                given().spec(alice)
                        .contentType(ContentType.JSON)
                        .body(Map.of("requireToken", true))
                        .put("/api/models/" + model + "/access")
                        .then()
                        .statusCode(200)
                        .body("tokenRequired", equalTo(true))
                        .extract()
                        .path("token");
        assertThat(token).startsWith("knobs_model_").hasSizeGreaterThan(40);
        ModelAccessChanged restricted = lastAccessChange(model);
        assertThat(restricted.change()).isEqualTo(1);
        assertThat(tokenSha256(model)).isEqualTo(Hashes.sha256(token));
        assertThat(restricted.owner()).isEqualTo(OWNER);
        given().spec(alice)
                .get("/api/models/" + model)
                .then()
                .statusCode(200)
                .body("tokenRequired", equalTo(true))
                .body(not(containsString(token)));
        // the front asks the endpoint at its internal address with the model's own caller
        // credential: never the model's token, never a platform credential
        given().spec(alice)
                .contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(Map.of("x", 1))))
                .post("/api/models/" + model + "/predict")
                .then()
                .statusCode(200)
                .body("predictions[0].label", equalTo("yes"));
        assertThat(ENDPOINT.authorizations)
                .last()
                .isEqualTo("Bearer " + FrontResource.CREDENTIALS.modelCaller(model));
        given().spec(alice)
                .contentType(ContentType.JSON)
                .body(Map.of("requireToken", false))
                .put("/api/models/" + model + "/access")
                .then()
                .statusCode(200)
                .body("tokenRequired", equalTo(false))
                .body("token", equalTo(null));
        ModelAccessChanged opened = lastAccessChange(model);
        assertThat(opened.change()).isEqualTo(2);
        assertThat(tokenSha256(model)).isNull();
        given().spec(alice)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .put("/api/models/" + model + "/access")
                .then()
                .statusCode(400)
                .body("error", containsString("requireToken"));
    }

    /** The hash of the token the model's row asks for: what the functions apply. */
    static String tokenSha256(String model) {
        return Rows.read(
                        () ->
                                Panache.getSession()
                                        .chain(
                                                s ->
                                                        s.find(
                                                                dev.knobs.domain.experiment
                                                                        .PublishedModel.class,
                                                                model)))
                .tokenSha256;
    }

    static ModelAccessChanged lastAccessChange(String model) {
        return FrontResource.PUBLISHED.stream()
                .filter(e -> e.getType().equals(EventType.MODEL_ACCESS_CHANGED.type()))
                .filter(e -> model.equals(e.getSubject()))
                .map(e -> (ModelAccessChanged) EventCodec.fromCloudEvent(e).data())
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void anAdministratorManagesUsers() {
        RequestSpecification admin = Logins.as(Logins.ADMIN);
        Logins.token(OTHER);
        given().spec(admin)
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("username", org.hamcrest.Matchers.hasItems("admin", OTHER));
        String password =
                given().spec(admin)
                        .contentType(ContentType.JSON)
                        .body(Map.of("username", "Dave"))
                        .post("/api/users")
                        .then()
                        .statusCode(201)
                        .body("username", equalTo("dave"))
                        .extract()
                        .path("password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        Logins.login("dave", password);
        given().spec(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("username", "dave"))
                .post("/api/users")
                .then()
                .statusCode(409)
                .body("error", containsString("taken"));
        given().spec(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("username", "x", "password", "short"))
                .post("/api/users")
                .then()
                .statusCode(400);
        given().spec(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("username", "erin", "password", "long-enough-1", "role", "root"))
                .post("/api/users")
                .then()
                .statusCode(400)
                .body("error", containsString("role"));
        given().spec(admin).delete("/api/users/dave").then().statusCode(204);
        Logins.loginForm("dave", password).post("/login").then().statusCode(401);
        // a removed user's name owns their data for good: nobody gets it again, in any case
        for (String again : List.of("dave", "DAVE", " Dave ")) {
            given().spec(admin)
                    .contentType(ContentType.JSON)
                    .body(Map.of("username", again))
                    .post("/api/users")
                    .then()
                    .statusCode(409)
                    .body("error", containsString("belonged to a removed user"));
        }
        given().spec(admin)
                .delete("/api/users/admin")
                .then()
                .statusCode(400)
                .body("error", containsString("yourself"));
        given().spec(admin)
                .contentType("application/zip")
                .body(zip())
                .post("/api/trainers?name=t")
                .then()
                .statusCode(201);
    }

    @Test
    void aPageLoginsChangesNeedItsCsrfToken() {
        Logins.Session page = Logins.login(OWNER, Logins.password(OWNER));
        given().cookie("knobs_session", page.cookie())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .post("/api/tokens")
                .then()
                .statusCode(403)
                .body("error", containsString("CSRF"));
        given().cookie("knobs_session", page.cookie())
                .header("X-CSRF-Token", "guess")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .post("/api/tokens")
                .then()
                .statusCode(403);
        given().cookie("knobs_session", page.cookie())
                .contentType("text/csv")
                .body("a,b\n1,2\n")
                .post("/api/datasets")
                .then()
                .statusCode(403);
        given().spec(page.spec())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .post("/api/tokens")
                .then()
                .statusCode(201);
        // a login form posted from another site is refused
        Logins.loginForm(OWNER, Logins.password(OWNER))
                .header("Origin", "https://evil.example")
                .post("/login")
                .then()
                .statusCode(403);
        // and where to go after logging in stays on this site
        Logins.loginForm(OWNER, Logins.password(OWNER))
                .formParam("next", "//evil.example/")
                .post("/login")
                .then()
                .statusCode(303)
                .header("Location", not(containsString("evil")));
    }

    @Test
    void aLoginIdleTooLongEndsAndIsSweptAtTheNextLogin() {
        Logins.Session page = Logins.login(OWNER, Logins.password(OWNER));
        String id = Hashes.sha256(page.cookie());
        Rows.write(
                () ->
                        dev.knobs.web.account.LoginSession.update(
                                "lastSeenAt = ?1 where id = ?2",
                                java.time.Instant.now().minus(java.time.Duration.ofHours(13)),
                                id));
        given().cookie("knobs_session", page.cookie())
                .get("/api/account")
                .then()
                .statusCode(401)
                .body("error", containsString("not valid"));
        Logins.login(OWNER, Logins.password(OWNER));
        Long left = Rows.read(() -> dev.knobs.web.account.LoginSession.count("id", id));
        assertThat(left).isZero();
    }

    @Test
    void failedLoginsLockTheUserNameForAWhile() {
        Logins.token("frank");
        for (int i = 0; i < 5; i++) {
            Logins.loginForm("frank", "wrong-" + i)
                    .post("/login")
                    .then()
                    .statusCode(401)
                    .body(containsString("Wrong user name or password"));
        }
        // even the right password now waits
        Logins.loginForm("frank", Logins.password("frank"))
                .post("/login")
                .then()
                .statusCode(429)
                .header("Retry-After", not(equalTo(null)))
                .body(containsString("Too many failed logins"));
        // an unknown user name answers as a wrong password does
        Logins.loginForm("nobody-here", "whatever-it-is")
                .post("/login")
                .then()
                .statusCode(401)
                .body(containsString("Wrong user name or password"));
    }
}
