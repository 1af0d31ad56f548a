package dev.knobs.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ExperimentFinished;
import dev.knobs.eventing.payload.ExperimentStarted;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.TrialCompleted;
import dev.knobs.web.subscription.WebhookReceiver;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions against real receivers on loopback (allowed here by the administrator's setting),
 * with a short retry schedule: signatures checked by the receiver's own HMAC code, one experiment's
 * events in order and each once, retries and their log, 410, rotation, isolation.
 */
@QuarkusTest
@QuarkusTestResource(FrontResource.class)
@TestProfile(SubscriptionsTest.LoopbackSinks.class)
class SubscriptionsTest {
    public static class LoopbackSinks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "knobs.notifications.allow-private-sinks", "true",
                    "knobs.notifications.retry-schedule", "PT0.2S,PT0.2S,PT0.3S,PT0.3S");
        }
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    static String experiment(String owner) {
        Experiment e = new Experiment();
        e.id = "sx-" + RUNS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        e.owner = owner;
        e.name = "churn";
        e.status = ExperimentStatus.RUNNING;
        e.spec = "{}";
        e.objectiveMetric = "accuracy";
        e.maximize = true;
        e.maxTrials = 3;
        e.createdAt = Instant.now();
        Rows.persist(e);
        return e.id;
    }

    /** alice's subscription to {@code receiver}; its secret goes to the receiver. */
    static String subscribe(String user, WebhookReceiver receiver, Map<String, Object> more) {
        Map<String, Object> body = new java.util.HashMap<>(more);
        body.put("sink", receiver.url());
        var created =
                given().spec(Logins.as(user))
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post("/api/subscriptions")
                        .then()
                        .statusCode(201)
                        .body("secret", startsWith("whsec_"))
                        .body("state", equalTo("ACTIVE"))
                        .extract();
        receiver.secret(created.path("secret"));
        return created.path("id");
    }

    /** Posts {@code event} to the front as the broker does (signed; structured or binary). */
    static void deliver(KnobsEvent<?> event, boolean structured) {
        RequestSpecification request =
                given().header("Authorization", "Bearer " + FrontResource.BROKER);
        CloudEvent ce = EventCodec.toCloudEvent(event, FrontResource.SIGNATURES);
        byte[] body =
                structured
                        ? EventCodec.writeStructured(ce, request::header)
                        : EventCodec.writeBinary(ce, request::header);
        request.body(body).post("/api/events").then().statusCode(202);
    }

    static List<KnobsEvent<?>> wholeExperiment(String id, String owner) {
        Objective objective = new Objective("accuracy", Objective.Goal.MAXIMIZE, null);
        List<KnobsEvent<?>> all = new ArrayList<>();
        all.add(
                event(
                        id + "/started",
                        id,
                        new ExperimentStarted(
                                id, owner, "churn", "xgboost", "tpe", objective, 3, 2)));
        for (int n = 1; n <= 3; n++) {
            boolean failed = n == 2;
            all.add(
                    event(
                            id + "-t" + n + "/completed",
                            id,
                            new TrialCompleted(
                                    id,
                                    owner,
                                    id + "-t" + n,
                                    n,
                                    failed
                                            ? TrialCompleted.Outcome.FAILED
                                            : TrialCompleted.Outcome.SUCCEEDED,
                                    failed ? "the trainer exited with code 1" : null,
                                    Map.of("max_depth", n + 2),
                                    failed ? Map.of() : Map.of("accuracy", 0.8 + n / 100.0),
                                    failed ? null : 0.8 + n / 100.0)));
        }
        String url = "http://localhost:8092/models/" + id;
        all.add(
                event(
                        id + "/r1/published",
                        id,
                        new ModelPublished(
                                id,
                                owner,
                                id,
                                1,
                                url,
                                new ModelRef(url + "/file", ModelRef.ONNX))));
        all.add(
                event(
                        id + "/finished",
                        id,
                        new ExperimentFinished(
                                id,
                                owner,
                                "churn",
                                ExperimentFinished.Outcome.SUCCEEDED,
                                "all 3 trials finished",
                                3,
                                1,
                                0,
                                new ExperimentFinished.BestTrial(
                                        id + "-t3",
                                        3,
                                        Map.of("max_depth", 5),
                                        Map.of("accuracy", 0.83),
                                        0.83),
                                id,
                                url)));
        return all;
    }

    static <T> KnobsEvent<T> event(String id, String subject, T data) {
        return new KnobsEvent<>(id, EventSources.FUNCTIONS, subject, data);
    }

    static List<String> types(List<WebhookReceiver.Received> received) {
        return received.stream()
                .map(r -> String.valueOf(Json.read(r.body(), Json.VALUES).get("type")))
                .toList();
    }

    @Test
    void aReceiverGetsEveryEventOfAnExperimentSignedInOrderAndOnce() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            subscribe("alice", receiver, Map.of());
            String id = experiment("alice");
            List<KnobsEvent<?>> events = wholeExperiment(id, "alice");
            boolean structured = false;
            for (KnobsEvent<?> e : events) {
                deliver(e, structured);
                deliver(e, !structured); // redelivered by the broker: still once
                structured = !structured;
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> receiver.accepted().size() >= events.size());
            List<WebhookReceiver.Received> got = receiver.accepted();
            assertThat(types(got))
                    .containsExactly(
                            events.stream().map(e -> e.type().type()).toArray(String[]::new));
            assertThat(got).allMatch(WebhookReceiver.Received::valid);
            assertThat(new HashSet<>(got.stream().map(WebhookReceiver.Received::id).toList()))
                    .hasSize(events.size());
            Map<String, Object> last = Json.read(got.get(got.size() - 1).body(), Json.VALUES);
            assertThat(last)
                    .containsEntry("specversion", "1.0")
                    .containsEntry("id", id + "/finished")
                    .doesNotContainKey("knobssignature");
            // the centre: started, the failed trial, published, finished — not the trials that
            // succeeded
            given().spec(Logins.as("alice"))
                    .get("/api/notifications?limit=500")
                    .then()
                    .statusCode(200)
                    .body("findAll { it.experimentId == '" + id + "' }.size()", equalTo(4))
                    .body(containsString("Trial 2 of experiment " + id + " failed"));
            assertThat(receiver.calls()).isEqualTo(events.size());
        }
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsTheEventOnTheFourthAttemptAndTheLogShowsFour() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AtomicInteger calls = new AtomicInteger();
            receiver.answer(() -> calls.incrementAndGet() <= 3 ? 503 : 200);
            String sub =
                    subscribe("alice", receiver, Map.of("types", List.of("experiment-started")));
            String id = experiment("alice");
            deliver(wholeExperiment(id, "alice").get(0), true);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 1);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () ->
                                    given().spec(Logins.as("alice"))
                                            .get("/api/subscriptions/" + sub + "/deliveries")
                                            .then()
                                            .statusCode(200)
                                            .body("[0].state", equalTo("DELIVERED"))
                                            .body("[0].attempts", equalTo(4))
                                            .body(
                                                    "[0].log.status",
                                                    equalTo(List.of(503, 503, 503, 200)))
                                            .body("[0].log[0].excerpt", equalTo("answer 503")));
            assertThat(receiver.all())
                    .extracting(WebhookReceiver.Received::id)
                    .containsOnly(receiver.all().get(0).id());
        }
    }

    @Test
    void goneDisablesTheSubscriptionAndItsOwnerIsTold() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(() -> 410);
            String sub = subscribe("alice", receiver, Map.of());
            String id = experiment("alice");
            List<KnobsEvent<?>> events = wholeExperiment(id, "alice");
            deliver(events.get(0), false);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () ->
                                    given().spec(Logins.as("alice"))
                                            .get("/api/subscriptions/" + sub)
                                            .then()
                                            .body("state", equalTo("DISABLED"))
                                            .body("disabledReason", containsString("410")));
            deliver(events.get(1), false);
            given().spec(Logins.as("alice"))
                    .get("/api/notifications?limit=500")
                    .then()
                    .body(containsString("Your subscription " + sub + " is disabled"));
            given().spec(Logins.as("alice"))
                    .post("/api/subscriptions/" + sub + "/test")
                    .then()
                    .statusCode(409)
                    .body("error", containsString("disabled"));
            assertThat(receiver.calls()).isEqualTo(1);
            given().spec(Logins.as("alice"))
                    .post("/api/subscriptions/" + sub + "/enable")
                    .then()
                    .statusCode(200);
            receiver.answer(() -> 200);
            given().spec(Logins.as("alice"))
                    .post("/api/subscriptions/" + sub + "/test")
                    .then()
                    .statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
            assertThat(types(receiver.accepted())).containsExactly("dev.knobs.subscription-test");
        }
    }

    @Test
    void anotherUsersSubscriptionNeverSeesHerEvents() {
        try (WebhookReceiver hers = new WebhookReceiver();
                WebhookReceiver his = new WebhookReceiver()) {
            subscribe("alice", hers, Map.of());
            String bobs = subscribe("bob", his, Map.of());
            String id = experiment("alice");
            // even an event whose payload claims bob: the database says the experiment is alice's
            deliver(
                    event(
                            id + "/started",
                            id,
                            new ExperimentStarted(
                                    id,
                                    "bob",
                                    "churn",
                                    "xgboost",
                                    "tpe",
                                    new Objective("accuracy", Objective.Goal.MAXIMIZE, null),
                                    3,
                                    1)),
                    true);
            await().atMost(Duration.ofSeconds(10)).until(() -> hers.accepted().size() == 1);
            given().spec(Logins.as("bob"))
                    .post("/api/subscriptions/" + bobs + "/test")
                    .then()
                    .statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> his.accepted().size() == 1);
            assertThat(types(his.accepted())).containsExactly("dev.knobs.subscription-test");
            given().spec(Logins.as("bob"))
                    .get("/api/notifications?limit=500")
                    .then()
                    .body(org.hamcrest.Matchers.not(containsString(id)));
        }
    }

    @jakarta.inject.Inject dev.knobs.web.subscription.Deliveries queue;

    @Test
    void theDeliveryLogForgetsWhatIsOverAfterItsRetentionButNothingOwed() throws Throwable {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String sub = subscribe("alice", receiver, Map.of());
            given().spec(Logins.as("alice"))
                    .post("/api/subscriptions/" + sub + "/test")
                    .then()
                    .statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
            Rows.update(
                    "update Delivery set createdAt = ?1 where subscriptionId = ?2",
                    Instant.now().minus(Duration.ofDays(40)),
                    sub);
            int forgotten =
                    io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                            () -> queue.prune(Duration.ofDays(30)));
            assertThat(forgotten).isGreaterThanOrEqualTo(1);
            given().spec(Logins.as("alice"))
                    .get("/api/subscriptions/" + sub + "/deliveries")
                    .then()
                    .statusCode(200)
                    .body("size()", equalTo(0));
        }
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneDuringTheGracePeriod() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String sub = subscribe("alice", receiver, Map.of());
            String old = receiver.secret();
            given().spec(Logins.as("alice"))
                    .post("/api/subscriptions/" + sub + "/test")
                    .then()
                    .statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
            String first = receiver.accepted().get(0).signature();
            assertThat(first.split(" ")).hasSize(1);
            String fresh =
                    given().spec(Logins.as("alice"))
                            .post("/api/subscriptions/" + sub + "/rotate-secret")
                            .then()
                            .statusCode(200)
                            .body("previousSecretValidUntil", org.hamcrest.Matchers.notNullValue())
                            .extract()
                            .path("secret");
            receiver.secret(fresh);
            given().spec(Logins.as("alice"))
                    .post("/api/subscriptions/" + sub + "/test")
                    .then()
                    .statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
            WebhookReceiver.Received second = receiver.accepted().get(1);
            assertThat(second.signature().split(" ")).hasSize(2);
            assertThat(
                            WebhookReceiver.verify(
                                    old,
                                    second.id(),
                                    Long.toString(second.timestamp()),
                                    second.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    second.signature()))
                    .as("the old secret still checks")
                    .isTrue();
            given().spec(Logins.as("alice"))
                    .get("/api/subscriptions/" + sub)
                    .then()
                    .body("secret", org.hamcrest.Matchers.nullValue());
        }
    }
}
