package dev.knobs.eventing.emit;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.trust.EventSignatures;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events to a Kafka topic with the CloudEvents Kafka binding, for clusters that feed the
 * Knative Broker from Kafka (a KafkaSource, or the Kafka broker's topic). The record key is the
 * event's subject (the experiment or model), so one experiment's events keep their order.
 * Idempotent producer, all in-sync replicas acknowledge.
 */
public class KafkaEventEmitter implements EventEmitter, AutoCloseable {
    private final KafkaProducer<String, CloudEvent> producer;
    private final String topic;
    private final EventSignatures signatures;

    /**
     * @param bootstrapServers the Kafka cluster, e.g. {@code kafka:9092}
     * @param encoding {@link Encoding#BINARY} ({@code ce_*} headers) or {@link Encoding#STRUCTURED}
     * @param extra further producer settings (security, for instance)
     */
    public KafkaEventEmitter(
            String bootstrapServers, String topic, Encoding encoding, Map<String, Object> extra) {
        this(bootstrapServers, topic, encoding, extra, null);
    }

    /**
     * @param signatures the platform's signer (consumers of the topic check the platform emitted an
     *     event, docs/adr/0013), or null
     */
    public KafkaEventEmitter(
            String bootstrapServers,
            String topic,
            Encoding encoding,
            Map<String, Object> extra,
            EventSignatures signatures) {
        this.signatures = signatures;
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
        config.put(CloudEventSerializer.ENCODING_CONFIG, encoding);
        config.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(config);
        this.topic = topic;
    }

    @Override
    public void emit(KnobsEvent<?> event) {
        CloudEvent ce = EventCodec.toCloudEvent(event, signatures);
        String key = event.subject() != null ? event.subject() : event.id();
        try {
            producer.send(new ProducerRecord<>(topic, key, ce)).get(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmitException("interrupted while emitting " + event.id(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EmitException(
                    "could not emit "
                            + event.type().type()
                            + " "
                            + event.id()
                            + " to Kafka topic "
                            + topic
                            + ": "
                            + (e.getCause() == null ? e : e.getCause()),
                    e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
