package dev.knobs.web.deadletter;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An event the broker gave up delivering, as its dead-letter sink received it: the event (in
 * CloudEvents JSON), where it was going and why it failed. An administrator lists and replays them.
 */
@Entity
@Table(name = "dead_letters")
public class DeadLetter extends PanacheEntityBase {
    /** {@code source + " " + id} of the event, and its destination. */
    @Id
    @Column(length = 1200)
    public String key;

    @Column(name = "event_type", nullable = false)
    public String type;

    @Column(name = "event_id", nullable = false, length = 600)
    public String eventId;

    /** The event in CloudEvents structured JSON. */
    @Column(nullable = false, columnDefinition = "text")
    public String event;

    /** The subscriber it was going to. */
    @Column(length = 1024)
    public String destination;

    @Column(columnDefinition = "text")
    public String reason;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "replayed_at")
    public Instant replayedAt;
}
