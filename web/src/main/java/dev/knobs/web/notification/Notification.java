package dev.knobs.web.notification;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Something a user should hear about ("your experiment finished", "your model is served at …"),
 * shown in the page's notification centre; one per event that caused it ({@link #eventKey}).
 */
@Entity
@Table(
        name = "user_notifications",
        indexes = @Index(name = "user_notifications_owner", columnList = "owner, created_at"))
public class Notification extends PanacheEntityBase {
    @Id
    @Column(length = 40)
    public String id;

    /** The event's {@code source + id}: a redelivered event makes no second notification. */
    @Column(name = "event_key", nullable = false, unique = true, length = 600)
    public String eventKey;

    @Column(nullable = false, length = 128)
    public String owner;

    /** The event's short type, e.g. {@code experiment-finished}. */
    @Column(nullable = false, length = 64)
    public String type;

    @Column(nullable = false, columnDefinition = "text")
    public String message;

    /** Where it leads: the experiment's page or the model's endpoint. */
    @Column(length = 1024)
    public String url;

    @Column(name = "experiment_id", length = 80)
    public String experimentId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "read_at")
    public Instant readAt;
}
