package dev.knobs.eventing;

import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden example of every event type (this module's test resources, {@code /events}), for the
 * tests of every receiver: one example per type, read from the classpath (also from the test jar).
 */
public final class GoldenEvents {
    /** Every example, by file name; at least one per {@link EventType}. */
    public static final List<String> NAMES =
            List.of(
                    "upload-received",
                    "trial-requested",
                    "trial-progress",
                    "trial-finished",
                    "trial-finished-failed",
                    "cancel-requested",
                    "best-selected",
                    "model-uploaded",
                    "model-published",
                    "model-access-changed",
                    "experiment-started",
                    "trial-completed",
                    "trial-completed-failed",
                    "experiment-finished",
                    "model-publication-failed",
                    "subscription-test",
                    "extension-requested");

    private GoldenEvents() {}

    /** The example's structured-mode JSON. */
    public static byte[] json(String name) {
        try (InputStream in = GoldenEvents.class.getResourceAsStream("/events/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no golden event " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CloudEvent event(String name) {
        return EventCodec.readHttp(
                Map.of("Content-Type", List.of("application/cloudevents+json")), json(name));
    }

    /** Every example, by name. */
    public static Map<String, CloudEvent> all() {
        Map<String, CloudEvent> all = new LinkedHashMap<>();
        NAMES.forEach(n -> all.put(n, event(n)));
        return all;
    }
}
