package dev.knobs.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.KnobsEvent;
import dev.knobs.web.subscription.WebhookReceiver;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A KAFKA subscription against a real single-node KRaft broker: one experiment's events arrive on
 * the user's topic, in order, keyed by the experiment, in the CloudEvents Kafka binding's binary
 * mode, with Standard Webhooks headers a consumer can check.
 */
@QuarkusTest
@QuarkusTestResource(FrontResource.class)
@TestProfile(SubscriptionsTest.LoopbackSinks.class)
class KafkaSubscriptionsTest {
    static KafkaClusterTestKit kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void anExperimentsEventsArriveOnTheUsersTopicInOrderKeyedByTheExperiment() {
        String topic = "alice-knobs-events";
        var created =
                given().spec(Logins.as("alice"))
                        .contentType(ContentType.JSON)
                        .body(
                                Map.of(
                                        "sink",
                                        "kafka://" + kafka.bootstrapServers(),
                                        "protocol",
                                        "KAFKA",
                                        "protocolSettings",
                                        Map.of("topicName", topic)))
                        .post("/api/subscriptions")
                        .then()
                        .statusCode(201)
                        .extract();
        String secret = created.path("secret");
        String id = SubscriptionsTest.experiment("alice");
        List<KnobsEvent<?>> events = SubscriptionsTest.wholeExperiment(id, "alice");
        for (KnobsEvent<?> e : events) {
            SubscriptionsTest.deliver(e, true);
        }
        List<ConsumerRecord<String, CloudEvent>> records = consume(topic, events.size());
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(id);
        assertThat(records)
                .extracting(r -> r.value().getType())
                .containsExactly(events.stream().map(e -> e.type().type()).toArray(String[]::new));
        assertThat(records.get(0).headers().lastHeader("ce_id")).isNotNull();
        for (ConsumerRecord<String, CloudEvent> r : records) {
            assertThat(
                            WebhookReceiver.verify(
                                    secret,
                                    header(r, "webhook-id"),
                                    header(r, "webhook-timestamp"),
                                    r.value().getData().toBytes(),
                                    header(r, "webhook-signature")))
                    .as("the record's signature")
                    .isTrue();
        }
        given().spec(Logins.as("alice"))
                .delete("/api/subscriptions/" + created.path("id"))
                .then()
                .statusCode(204);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static List<ConsumerRecord<String, CloudEvent>> consume(String topic, int count) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        CloudEventDeserializer.class);
        List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.currentTimeMillis() < deadline) {
                partitions =
                        consumer.partitionsFor(topic).stream()
                                .map(p -> new TopicPartition(topic, p.partition()))
                                .toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
