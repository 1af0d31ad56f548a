package dev.knobs.eventing.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventType;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
    @TempDir Path journal;

    private final ConcurrentLinkedQueue<CloudEvent> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer subscriber;
    private EmbeddedBroker broker;

    /** A subscriber whose answer to the n-th call (1-based) the test decides. */
    private URI subscriber(Function<Integer, Integer> statusForCall, CloudEvent reply)
            throws IOException {
        subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        subscriber.createContext(
                "/",
                ex -> {
                    try (ex) {
                        CloudEvent event =
                                EventCodec.readHttp(
                                        ex.getRequestHeaders(), ex.getRequestBody().readAllBytes());
                        int status = statusForCall.apply(calls.incrementAndGet());
                        if (status / 100 == 2) {
                            received.add(event);
                        }
                        respond(ex, status, event.getType().equals("test.request") ? reply : null);
                    }
                });
        subscriber.start();
        return URI.create("http://127.0.0.1:" + subscriber.getAddress().getPort() + "/");
    }

    private static void respond(HttpExchange ex, int status, CloudEvent reply) throws IOException {
        if (reply == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] body = EventCodec.writeBinary(reply, (k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static TriggerDefinition trigger(String name, String type, int retry) {
        return new TriggerDefinition(
                name, "knobs", Map.of("type", type), "svc", "", retry, Duration.ofMillis(10), true);
    }

    private static CloudEvent event(String type, String id) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/test"))
                .withType(type)
                .withData("application/json", "{\"n\":1}".getBytes())
                .build();
    }

    private EmbeddedBroker broker(URI target, TriggerDefinition... triggers) throws IOException {
        broker =
                new EmbeddedBroker(List.of(triggers), svc -> target, journal, Duration.ofSeconds(2))
                        .start("127.0.0.1", 0);
        return broker;
    }

    private int post(CloudEvent event, boolean structured) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(broker.uri());
        byte[] body =
                structured
                        ? EventCodec.writeStructured(event, req::header)
                        : EventCodec.writeBinary(event, req::header);
        return HttpClient.newHttpClient()
                .send(
                        req.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @AfterEach
    void stop() {
        if (broker != null) broker.close();
        if (subscriber != null) subscriber.stop(0);
    }

    @Test
    void deliversMatchingEventsInBothModesAndIgnoresOthers() throws Exception {
        broker(subscriber(n -> 202, null), trigger("t", "test.a", 3));
        assertThat(post(event("test.a", "1"), false)).isEqualTo(202);
        assertThat(post(event("test.a", "2"), true)).isEqualTo(202);
        assertThat(post(event("test.other", "3"), false)).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received).extracting(CloudEvent::getId).containsExactlyInAnyOrder("1", "2");
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.pendingDeliveries() == 0);
    }

    @Test
    void retriesOn503And409UntilAccepted() throws Exception {
        broker(subscriber(n -> n == 1 ? 503 : n == 2 ? 409 : 200, null), trigger("t", "test.a", 3));
        post(event("test.a", "1"), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertThat(calls.get()).isEqualTo(3);
        await().until(() -> broker.pendingDeliveries() == 0);
        assertThat(broker.deadLetters()).isEmpty();
    }

    @Test
    void keepsADeadLetterAfterTheLastRetry() throws Exception {
        broker(subscriber(n -> 500, null), trigger("t", "test.a", 2));
        post(event("test.a", "doomed"), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.deadLetters().size() == 1);
        DeliveryJournal.DeadLetter dead = broker.deadLetters().get(0);
        assertThat(dead.event().getId()).isEqualTo("doomed");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.reason()).contains("HTTP 500");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aDeadLetterItsSinkDidNotTakeIsHandedOverAfterARestart() throws Exception {
        ConcurrentLinkedQueue<CloudEvent> sunk = new ConcurrentLinkedQueue<>();
        AtomicInteger sinkUp = new AtomicInteger(); // 0: the sink refuses, 1: it takes
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        sink.createContext(
                "/dead",
                ex -> {
                    try (ex) {
                        CloudEvent letter =
                                EventCodec.readHttp(
                                        ex.getRequestHeaders(), ex.getRequestBody().readAllBytes());
                        if (sinkUp.get() == 1) {
                            sunk.add(letter);
                        }
                        ex.sendResponseHeaders(sinkUp.get() == 1 ? 202 : 503, -1);
                    }
                });
        sink.start();
        URI sinkUri = URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + "/");
        URI failing = subscriber(n -> 500, null);
        TriggerDefinition withSink =
                new TriggerDefinition(
                        "t",
                        "knobs",
                        Map.of("type", "test.a"),
                        "svc",
                        "",
                        1,
                        Duration.ofMillis(10),
                        true,
                        "dls",
                        "/dead");
        try {
            broker = broker(withSink, sinkUri, failing);
            post(event("test.a", "orphan"), false);
            await().atMost(Duration.ofSeconds(5))
                    .until(
                            () ->
                                    broker.deadLetters().size() == 1
                                            && broker.deadLetters().get(0).toSink());
            assertThat(sunk).isEmpty();
            broker.close();

            // the sink is back; the broker starts again on the same journal
            sinkUp.set(1);
            broker = broker(withSink, sinkUri, failing);
            await().atMost(Duration.ofSeconds(5)).until(() -> sunk.size() == 1);
            CloudEvent letter = sunk.peek();
            assertThat(letter.getId()).isEqualTo("orphan");
            assertThat(letter.getExtension("knativeerrorcode")).hasToString("500");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !broker.deadLetters().get(0).toSink());
        } finally {
            sink.stop(0);
        }
    }

    /** A broker on this test's journal whose dead letters go to {@code sink}. */
    private EmbeddedBroker broker(TriggerDefinition trigger, URI sink, URI subscriber)
            throws IOException {
        return new EmbeddedBroker(
                        List.of(trigger),
                        svc -> svc.equals("dls") ? sink : subscriber,
                        journal,
                        Duration.ofSeconds(2))
                .start("127.0.0.1", 0);
    }

    @Test
    void doesNotRetryABadRequest() throws Exception {
        broker(subscriber(n -> 400, null), trigger("t", "test.a", 5));
        post(event("test.a", "bad"), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.deadLetters().size() == 1);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(broker.deadLetters().get(0).reason()).contains("not retryable");
    }

    @Test
    void putsASubscribersReplyBackIntoTheBroker() throws Exception {
        CloudEvent reply = event("test.reply", "r1");
        broker(
                subscriber(n -> 200, reply),
                trigger("req", "test.request", 1),
                trigger("rep", "test.reply", 1));
        post(event("test.request", "q1"), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received).extracting(CloudEvent::getId).containsExactlyInAnyOrder("q1", "r1");
    }

    @Test
    void rejectsSomethingThatIsNotACloudEvent() throws Exception {
        broker(subscriber(n -> 200, null), trigger("t", "test.a", 1));
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(broker.uri())
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":1}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("error");
    }

    @Test
    void aRestartDeliversWhatWasAcceptedButNotDelivered() throws Exception {
        // the subscriber is down: the broker accepts, stores, and keeps retrying slowly
        TriggerDefinition slow =
                new TriggerDefinition(
                        "t",
                        "knobs",
                        Map.of("type", "test.a"),
                        "svc",
                        "",
                        50,
                        Duration.ofSeconds(30),
                        false);
        broker(URI.create("http://127.0.0.1:1/"), slow);
        assertThat(post(event("test.a", "kept"), false)).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> calls.get() == 0 && broker.pendingDeliveries() == 1);
        broker.close();

        URI up = subscriber(n -> 200, null);
        broker(up, slow);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertThat(received.peek().getId()).isEqualTo("kept");
    }

    @Test
    void theShippedTriggersCoverEveryEventTypeTheTrialJobChangesAndTheClock() {
        List<TriggerDefinition> triggers = TriggerManifests.fromClasspath();
        List<String> expected =
                new java.util.ArrayList<>(
                        java.util.Arrays.stream(EventType.values())
                                .filter(t -> !t.forOwners() || t == EventType.MODEL_ACCESS_CHANGED)
                                .map(EventType::type)
                                .toList());
        expected.add("dev.knative.apiserver.resource.update");
        expected.add("dev.knative.sources.ping");
        assertThat(triggers)
                .filteredOn(t -> t.filter().containsKey("type"))
                .extracting(t -> t.filter().get("type"))
                .containsExactlyInAnyOrderElementsOf(expected);
        // every event for owners (the test event goes to its subscription only) to the front, in
        // order
        TriggerDefinition owners =
                triggers.stream()
                        .filter(t -> !t.filter().containsKey("type"))
                        .findFirst()
                        .orElseThrow();
        assertThat(owners.filter())
                .containsExactly(Map.entry(EventCodec.AUDIENCE, EventCodec.OWNERS));
        assertThat(owners.ordered()).isTrue();
        assertThat(owners.subscriberService()).isEqualTo("knobs-web");
        assertThat(triggers).allSatisfy(t -> assertThat(t.broker()).isEqualTo("knobs"));
    }

    @Test
    void anOrderedTriggerDeliversOneKeyAtATimeInOrderEvenThroughRetries() throws Exception {
        TriggerDefinition ordered =
                new TriggerDefinition(
                        "o",
                        "knobs",
                        Map.of("type", "test.a"),
                        "svc",
                        "",
                        5,
                        Duration.ofMillis(50),
                        false,
                        null,
                        "",
                        true);
        // the first call fails twice: the events behind it on its key wait
        broker(subscriber(n -> n <= 2 ? 503 : 202, null), ordered);
        for (String id : List.of("x1", "x2", "x3")) {
            post(keyed(id, "x"), false);
        }
        post(keyed("y1", "y"), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
        assertThat(received)
                .extracting(CloudEvent::getId)
                .filteredOn(id -> id.startsWith("x"))
                .containsExactly("x1", "x2", "x3");
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.pendingDeliveries() == 0);
    }

    private static CloudEvent keyed(String id, String key) {
        return CloudEventBuilder.v1(event("test.a", id)).withExtension("partitionkey", key).build();
    }
}
