package dev.knobs.domain.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An event to publish, written in the same transaction as the state change that caused it
 * (transactional outbox) and deleted once the broker has accepted it; one the broker refuses for
 * good stays, set aside, for an administrator to read.
 */
@Entity
@Table(name = "outbox")
public class OutboxEvent {
    @Id
    @Column(length = 600)
    public String key;

    /** The event in CloudEvents structured JSON. */
    @Column(nullable = false, columnDefinition = "text")
    public String event;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public int attempts;

    /**
     * When the broker refused the event for good (it is malformed or too large): the relay sets it
     * aside, with {@link #refusal}, instead of blocking every later event behind it.
     */
    @Column(name = "set_aside_at")
    public Instant setAsideAt;

    @Column(columnDefinition = "text")
    public String refusal;
}
