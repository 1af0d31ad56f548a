package dev.knobs.eventing.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kafka emitter against a real single-node KRaft broker, in both CloudEvents modes (and the
 * emitter contract in binary mode).
 */
class KafkaEventEmitterTest extends EventEmitterContract {
    private static int topics;
    private String topic;

    @Override
    EventEmitter emitter() {
        topic = "knobs-contract-" + (++topics);
        return new KafkaEventEmitter(kafka.bootstrapServers(), topic, Encoding.BINARY, Map.of());
    }

    @Override
    EventEmitter unreachable() {
        return new KafkaEventEmitter(
                "127.0.0.1:1",
                "t",
                Encoding.BINARY,
                Map.of(
                        "max.block.ms",
                        1000,
                        "delivery.timeout.ms",
                        1500,
                        "request.timeout.ms",
                        1000,
                        "linger.ms",
                        0));
    }

    @Override
    List<CloudEvent> received(int count) {
        return consume(topic, count).stream().map(ConsumerRecord::value).toList();
    }

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

    static KnobsEvent<TrialFinished> event(int n) {
        String trial = EventIds.trialId("exp-kafka", n);
        return new KnobsEvent<>(
                EventIds.trialFinished(trial),
                EventSources.TRIALS,
                "exp-kafka",
                new TrialFinished(
                        "exp-kafka",
                        trial,
                        TrialStatus.SUCCEEDED,
                        Map.of("accuracy", 0.9 + n / 100.0),
                        null,
                        null,
                        0,
                        null));
    }

    @ParameterizedTest
    @EnumSource(
            value = Encoding.class,
            names = {"BINARY", "STRUCTURED"})
    void publishedEventsArriveIntactInOrderPerExperiment(Encoding encoding) {
        String topic = "knobs-events-" + encoding.name().toLowerCase();
        try (KafkaEventEmitter emitter =
                new KafkaEventEmitter(kafka.bootstrapServers(), topic, encoding, Map.of())) {
            for (int n = 1; n <= 5; n++) {
                emitter.emit(event(n));
            }
        }
        List<ConsumerRecord<String, CloudEvent>> records = consume(topic, 5);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("exp-kafka");
        List<Object> decoded = new ArrayList<>();
        records.forEach(r -> decoded.add(EventCodec.fromCloudEvent(r.value())));
        assertThat(decoded).containsExactly(event(1), event(2), event(3), event(4), event(5));
        Header contentType = records.get(0).headers().lastHeader("content-type");
        if (encoding == Encoding.BINARY) {
            assertThat(records.get(0).headers().lastHeader("ce_id")).isNotNull();
            assertThat(new String(contentType.value())).isEqualTo("application/json");
        } else {
            assertThat(records.get(0).headers().lastHeader("ce_id")).isNull();
            assertThat(new String(contentType.value())).startsWith("application/cloudevents+json");
        }
    }

    static List<ConsumerRecord<String, CloudEvent>> consume(String topic, int count) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        CloudEventDeserializer.class);
        List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
