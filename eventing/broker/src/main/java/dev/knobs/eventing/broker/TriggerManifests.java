package dev.knobs.eventing.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Knative {@code eventing.knative.dev/v1} Trigger manifests — the very files {@code
 * knative/base} applies to a cluster — into {@link TriggerDefinition}s.
 */
public final class TriggerManifests {
    /** Where eventing/ packages {@code knative/base/500-triggers.yaml}. */
    public static final String CLASSPATH_LOCATION = "knative/500-triggers.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();

    private TriggerManifests() {}

    public static List<TriggerDefinition> fromClasspath() {
        try (InputStream in =
                TriggerManifests.class.getClassLoader().getResourceAsStream(CLASSPATH_LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_LOCATION + " is not on the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<TriggerDefinition> parse(InputStream yaml) throws IOException {
        List<TriggerDefinition> triggers = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!"Trigger".equals(doc.path("kind").asText())) {
                    continue;
                }
                triggers.add(toDefinition(doc));
            }
        }
        return triggers;
    }

    private static TriggerDefinition toDefinition(JsonNode doc) {
        String name = required(doc.path("metadata").path("name"), "metadata.name", "?");
        JsonNode spec = doc.path("spec");
        Map<String, String> filter = new LinkedHashMap<>();
        spec.path("filter")
                .path("attributes")
                .fields()
                .forEachRemaining(e -> filter.put(e.getKey(), e.getValue().asText()));
        JsonNode subscriber = spec.path("subscriber");
        String service =
                required(subscriber.path("ref").path("name"), "spec.subscriber.ref.name", name);
        String path = subscriber.path("uri").asText("");
        JsonNode delivery = spec.path("delivery");
        int retry = delivery.path("retry").asInt(3);
        Duration backoff = Duration.parse(delivery.path("backoffDelay").asText("PT0.2S"));
        boolean exponential =
                !"linear".equals(delivery.path("backoffPolicy").asText("exponential"));
        JsonNode deadLetter = delivery.path("deadLetterSink");
        return new TriggerDefinition(
                name,
                spec.path("broker").asText("default"),
                filter,
                service,
                path,
                retry,
                backoff,
                exponential,
                deadLetter.path("ref").path("name").asText(null),
                deadLetter.path("uri").asText(""),
                "ordered"
                        .equals(
                                doc.path("metadata")
                                        .path("annotations")
                                        .path(TriggerDefinition.ORDER_ANNOTATION)
                                        .asText()));
    }

    private static String required(JsonNode node, String field, String trigger) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException("Trigger " + trigger + " has no " + field);
        }
        return node.asText();
    }
}
