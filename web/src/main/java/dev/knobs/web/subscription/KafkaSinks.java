package dev.knobs.web.subscription;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka sinks: {@code kafka://host:port[,host:port…]} and a topic. Events go in the CloudEvents
 * Kafka binding's binary mode ({@code ce_*} headers, the data as the value), keyed by experiment
 * (or model) so one experiment's events stay in order on one partition, with the Standard Webhooks
 * headers beside them so a consumer can check they came from Knobs. One idempotent producer per set
 * of servers, blocking calls (run off the event loop).
 */
@ApplicationScoped
public class KafkaSinks {
    static final String SCHEME = "kafka://";

    private final Map<String, KafkaProducer<String, CloudEvent>> producers =
            new ConcurrentHashMap<>();

    /** The bootstrap servers of a sink, each {@code host:port}; 400 for anything else. */
    public static List<String> servers(String sink) {
        if (!sink.startsWith(SCHEME)) {
            throw new IllegalArgumentException(
                    "a KAFKA sink is kafka://host:port[,host:port…], not '" + sink + "'");
        }
        List<String> out = new ArrayList<>();
        for (String s : sink.substring(SCHEME.length()).split(",", -1)) {
            int colon = s.lastIndexOf(':');
            boolean ok = colon > 0 && !host(s).isBlank() && !host(s).contains("/");
            int port = -1;
            try {
                port = ok ? Integer.parseInt(s.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                ok = false;
            }
            if (!ok || port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "'" + s + "' in the sink is not a Kafka server's host:port");
            }
            out.add(s.trim());
        }
        return out;
    }

    /** The host of {@code host:port} (an IPv6 host in brackets). */
    public static String host(String server) {
        int colon = server.lastIndexOf(':');
        String h = colon < 0 ? server : server.substring(0, colon);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /**
     * Sends {@code event} to {@code topic} and waits until the cluster acknowledged it (all in-sync
     * replicas), at most {@code timeout}.
     */
    public void send(
            String sink,
            String topic,
            String key,
            CloudEvent event,
            Map<String, String> headers,
            Duration timeout)
            throws Exception {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer(sink, timeout)
                    .send(new ProducerRecord<>(topic, null, key, event, h))
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka did not take the event: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not answer in " + timeout.toSeconds() + " s");
        }
    }

    private KafkaProducer<String, CloudEvent> producer(String sink, Duration timeout) {
        return producers.computeIfAbsent(
                sink,
                s -> {
                    Map<String, Object> config = new HashMap<>();
                    config.put(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", servers(s)));
                    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
                    config.put(
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                            CloudEventSerializer.class);
                    config.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY);
                    config.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
                    config.put(ProducerConfig.ACKS_CONFIG, "all");
                    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    int ms = (int) timeout.toMillis();
                    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
                    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
                    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
                    config.put(ProducerConfig.CLIENT_ID_CONFIG, "knobs-subscriptions");
                    return new KafkaProducer<>(config);
                });
    }

    void close(@Observes ShutdownEvent event) {
        producers.values().forEach(p -> p.close(Duration.ofSeconds(2)));
    }
}
