package dev.knobs.domain.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An event already handled, by {@code source + " " + id}. Recorded in the same transaction as the
 * state change it caused, so a redelivered event changes nothing.
 */
@Entity
@Table(name = "processed_events")
public class ProcessedEvent {
    @Id
    @Column(length = 600)
    public String key;

    @Column(nullable = false)
    public String type;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    public static String key(String source, String id) {
        return source + " " + id;
    }
}
