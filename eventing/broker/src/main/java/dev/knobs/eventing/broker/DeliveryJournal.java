package dev.knobs.eventing.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded broker's durable state: one file per (trigger, event) still to be delivered, and one
 * per dead letter. A file is written and synced before the broker acknowledges the event, so a
 * restart loses nothing; a redelivered event ({@code source + id}) maps to the same file.
 */
public final class DeliveryJournal {
    /** A delivery still owed to a trigger's subscriber. */
    public record Pending(String trigger, CloudEvent event, Path file) {}

    /**
     * A delivery given up after the last retry, with the reason and the subscriber's last status
     * (0: none); {@code toSink} while its Trigger's dead-letter sink has not taken it yet.
     */
    public record DeadLetter(
            String trigger,
            CloudEvent event,
            String reason,
            int status,
            int attempts,
            Instant at,
            boolean toSink,
            Path file) {}

    private static final EventFormat FORMAT = new JsonFormat();

    private final Path pending;
    private final Path dead;

    public DeliveryJournal(Path root) {
        this.pending = root.resolve("pending");
        this.dead = root.resolve("dead-letter");
        try {
            Files.createDirectories(pending);
            Files.createDirectories(dead);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Pending store(String trigger, CloudEvent event) {
        Path file = pending.resolve(fileName(trigger, event));
        writeDurably(file, envelope(trigger, event));
        return new Pending(trigger, event, file);
    }

    public void delivered(Pending delivery) {
        try {
            Files.deleteIfExists(delivery.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Keeps a delivery given up, then forgets it as pending; {@code toSink}: it is still owed to
     * the Trigger's dead-letter sink (a restart sends it again).
     */
    public DeadLetter deadLetter(
            Pending delivery, String reason, int status, int attempts, boolean toSink) {
        ObjectNode record = envelope(delivery.trigger(), delivery.event());
        record.put("reason", reason);
        record.put("status", status);
        record.put("attempts", attempts);
        record.put("at", Instant.now().toString());
        record.put("toSink", toSink);
        Path file = dead.resolve(delivery.file().getFileName());
        writeDurably(file, record);
        delivered(delivery);
        return deadLetter(file, record);
    }

    /** The dead-letter sink took it. */
    public void sunk(DeadLetter letter) {
        ObjectNode record = (ObjectNode) read(letter.file());
        record.put("toSink", false);
        writeDurably(letter.file(), record);
    }

    /** Everything not yet delivered, e.g. after a restart. */
    public List<Pending> pending() {
        List<Pending> result = new ArrayList<>();
        List<JsonNode> nodes = new ArrayList<>();
        List<Path> files = list(pending);
        for (Path file : files) {
            nodes.add(read(file));
        }
        Integer[] order = new Integer[files.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // in the order they were stored, so ordered Triggers resume as they were
        java.util.Arrays.sort(
                order,
                java.util.Comparator.comparingLong(i -> nodes.get(i).path("order").asLong()));
        for (int i : order) {
            result.add(
                    new Pending(
                            nodes.get(i).path("trigger").asText(),
                            event(nodes.get(i)),
                            files.get(i)));
        }
        return result;
    }

    public List<DeadLetter> deadLetters() {
        List<DeadLetter> result = new ArrayList<>();
        for (Path file : list(dead)) {
            result.add(deadLetter(file, read(file)));
        }
        return result;
    }

    private static DeadLetter deadLetter(Path file, JsonNode node) {
        return new DeadLetter(
                node.path("trigger").asText(),
                event(node),
                node.path("reason").asText(),
                node.path("status").asInt(),
                node.path("attempts").asInt(),
                Instant.parse(node.path("at").asText()),
                node.path("toSink").asBoolean(false),
                file);
    }

    private static final java.util.concurrent.atomic.AtomicLong LAST_ORDER =
            new java.util.concurrent.atomic.AtomicLong();

    /** Microseconds since the epoch, after every earlier one: the order deliveries were stored. */
    private static long nextOrder() {
        long now = Instant.now().toEpochMilli() * 1000;
        return LAST_ORDER.updateAndGet(last -> Math.max(now, last + 1));
    }

    private static ObjectNode envelope(String trigger, CloudEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("trigger", trigger);
        node.put("order", nextOrder());
        node.put("event", new String(FORMAT.serialize(event), StandardCharsets.UTF_8));
        return node;
    }

    private static CloudEvent event(JsonNode node) {
        return FORMAT.deserialize(node.path("event").asText().getBytes(StandardCharsets.UTF_8));
    }

    private static String fileName(String trigger, CloudEvent event) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] key =
                    (event.getSource() + "\n" + event.getId()).getBytes(StandardCharsets.UTF_8);
            return trigger
                    + "__"
                    + HexFormat.of().formatHex(sha.digest(key)).substring(0, 32)
                    + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeDurably(Path file, JsonNode content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(content));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store event in " + file, e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
