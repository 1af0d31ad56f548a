package dev.knobs.eventing;

import dev.knobs.eventing.trust.EventSignatures;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Turns {@link KnobsEvent}s into CloudEvents 1.0 and back, and CloudEvents into HTTP messages in
 * either content mode (binary: attributes in {@code ce-*} headers; structured: one {@code
 * application/cloudevents+json} document).
 */
public final class EventCodec {
    public static final String JSON = "application/json";

    /**
     * The JSON event format, made directly rather than found through {@code ServiceLoader}: the
     * lookup depends on the thread's context class loader, which differs between Quarkus
     * applications, their tests and plain JVMs.
     */
    static final EventFormat STRUCTURED = new JsonFormat();

    /**
     * The extension that marks the events for owners (value {@value #OWNERS}), so that one Trigger
     * routes all of them, in order, to the front's notifications.
     */
    public static final String AUDIENCE = "knobsaudience";

    public static final String OWNERS = "owners";

    /**
     * The CloudEvents Kafka partitioning extension: the event's subject (experiment or model), so a
     * Kafka-backed broker keeps one experiment's events in order.
     */
    public static final String PARTITION_KEY = "partitionkey";

    private EventCodec() {}

    public static CloudEvent toCloudEvent(KnobsEvent<?> event) {
        return toCloudEvent(event, null);
    }

    /**
     * The CloudEvent of {@code event}, signed by the platform when {@code signatures} is given
     * (extension {@value EventSignatures#EXTENSION}).
     */
    public static CloudEvent toCloudEvent(KnobsEvent<?> event, EventSignatures signatures) {
        try {
            CloudEventBuilder builder =
                    CloudEventBuilder.v1()
                            .withId(event.id())
                            .withSource(URI.create(event.source()))
                            .withType(event.type().type())
                            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                            .withDataContentType(JSON)
                            .withData(Json.MAPPER.writeValueAsBytes(event.data()));
            if (event.subject() != null) {
                builder.withSubject(event.subject());
            }
            if (signatures != null) {
                builder.withExtension(EventSignatures.EXTENSION, signatures.sign(event));
            }
            if (event.type().forOwners()) {
                builder.withExtension(AUDIENCE, OWNERS);
                if (event.subject() != null) {
                    builder.withExtension(PARTITION_KEY, event.subject());
                }
            }
            return builder.build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + event.type(), e);
        }
    }

    /** Decodes the payload of a Knobs CloudEvent into its record. */
    public static KnobsEvent<?> fromCloudEvent(CloudEvent ce) {
        EventType type =
                EventType.fromType(ce.getType())
                        .orElseThrow(
                                () ->
                                        new EventDecodingException(
                                                "unknown event type '" + ce.getType() + "'"));
        if (ce.getData() == null) {
            throw new EventDecodingException(
                    ce.getType() + " event " + ce.getId() + " has no data");
        }
        try {
            Object data = Json.MAPPER.readValue(ce.getData().toBytes(), type.payloadType());
            return new KnobsEvent<>(ce.getId(), ce.getSource().toString(), ce.getSubject(), data);
        } catch (IOException | IllegalArgumentException e) {
            throw new EventDecodingException(
                    "the data of "
                            + ce.getType()
                            + " event "
                            + ce.getId()
                            + " is invalid: "
                            + rootMessage(e),
                    e);
        }
    }

    /** The platform's signature on {@code ce}, or null. */
    public static String signature(CloudEvent ce) {
        Object value = ce.getExtension(EventSignatures.EXTENSION);
        return value == null ? null : value.toString();
    }

    /** Reads a CloudEvent from an HTTP request or response in binary or structured mode. */
    public static CloudEvent readHttp(Map<String, List<String>> headers, byte[] body) {
        try {
            Map<String, List<String>> h = caseInsensitive(headers);
            if (structured(h)) {
                return STRUCTURED.deserialize(body);
            }
            MessageReader reader = HttpMessageFactory.createReaderFromMultimap(h, body);
            return reader.toEvent();
        } catch (RuntimeException e) {
            throw new EventDecodingException("not a CloudEvent: " + rootMessage(e), e);
        }
    }

    private static boolean structured(Map<String, List<String>> lowerCaseHeaders) {
        List<String> type = lowerCaseHeaders.get("content-type");
        return type != null && type.stream().anyMatch(t -> t.startsWith(JsonFormat.CONTENT_TYPE));
    }

    /** Whether an HTTP message carries a CloudEvent at all (binary or structured). */
    public static boolean isCloudEvent(Map<String, List<String>> headers) {
        Map<String, List<String>> h = caseInsensitive(headers);
        List<String> type = h.get("content-type");
        boolean structured =
                type != null
                        && type.stream().anyMatch(t -> t.startsWith("application/cloudevents"));
        return structured || h.containsKey("ce-id");
    }

    /** Binary mode: attributes as {@code ce-*} headers, the data as the body. */
    public static byte[] writeBinary(CloudEvent event, BiConsumer<String, String> header) {
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(header, b -> body[0] = b).writeBinary(event);
        return body[0] == null ? new byte[0] : body[0];
    }

    /** Structured mode: one {@code application/cloudevents+json} document. */
    public static byte[] writeStructured(CloudEvent event, BiConsumer<String, String> header) {
        header.accept("Content-Type", JsonFormat.CONTENT_TYPE);
        return STRUCTURED.serialize(event);
    }

    private static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach(
                (k, v) -> {
                    if (k != null) {
                        lower.put(k.toLowerCase(java.util.Locale.ROOT), v);
                    }
                });
        return lower;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
