package dev.knobs.web.notification;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Something a user should hear about, e.g. "your model is served at …"; keyed by the event that
 * caused it.
 */
@Entity
@Table(name = "notifications")
public class Notification extends PanacheEntityBase {
    @Id
    @Column(length = 600)
    public String key;

    @Column(nullable = false, length = 128)
    public String owner;

    @Column(nullable = false, columnDefinition = "text")
    public String message;

    @Column(length = 1024)
    public String url;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
