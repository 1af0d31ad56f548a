package dev.knobs.eventing.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Events the platform vouches for carry a signature in the CloudEvents extension {@value
 * #EXTENSION}: an HMAC, under the {@link PlatformKey}, of the event's identity and of its payload
 * in canonical JSON (object fields sorted). It travels with the event through any broker — the
 * embedded one, a Knative Broker, a Kafka topic — so a receiver knows the platform emitted it
 * whatever carried it. It proves origin, not authority: receivers still read owners, trainers and
 * datasets from the database.
 */
public final class EventSignatures {
    /** The CloudEvents extension attribute that carries the signature. */
    public static final String EXTENSION = "knobssignature";

    private final PlatformKey key;

    public EventSignatures(PlatformKey key) {
        this.key = key;
    }

    /** The signature of {@code event}. */
    public String sign(KnobsEvent<?> event) {
        return sign(event.id(), event.source(), event.type().type(), event.subject(), event.data());
    }

    /** Whether {@code signature} is the platform's on {@code event}. */
    public boolean verify(KnobsEvent<?> event, String signature) {
        return verify(
                event.id(),
                event.source(),
                event.type().type(),
                event.subject(),
                event.data(),
                signature);
    }

    /** The signature of an event with this identity and payload. */
    public String sign(String id, String source, String type, String subject, Object payload) {
        return key.mac(canonical(id, source, type, subject, payload));
    }

    public boolean verify(
            String id,
            String source,
            String type,
            String subject,
            Object payload,
            String signature) {
        return signature != null
                && Hashes.same(signature, sign(id, source, type, subject, payload));
    }

    private static String canonical(
            String id, String source, String type, String subject, Object payload) {
        return String.join(
                "\n",
                id,
                source,
                type,
                subject == null ? "" : subject,
                Json.write(sorted(Json.MAPPER.valueToTree(payload))));
    }

    /** The same JSON with every object's fields in name order. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (String name : names) {
                out.set(name, sorted(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            var out = Json.MAPPER.createArrayNode();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }
}
