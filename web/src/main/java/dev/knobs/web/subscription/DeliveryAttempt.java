package dev.knobs.web.subscription;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/** One try of a {@link Delivery}, for its owner's delivery log. */
@Entity
@Table(
        name = "subscription_delivery_attempts",
        indexes = @Index(name = "subscription_delivery_attempts_of", columnList = "delivery_id"))
public class DeliveryAttempt extends PanacheEntityBase {
    /** {@code <delivery id>/<number>}. */
    @Id
    @Column(length = 40)
    public String id;

    @Column(name = "delivery_id", nullable = false)
    public long deliveryId;

    public int number;

    @Column(nullable = false)
    public Instant at;

    /**
     * The receiver's HTTP status; null when there was no answer (refused, unreachable, timeout).
     */
    public Integer status;

    @Column(name = "latency_ms", nullable = false)
    public long latencyMs;

    /** The start of the receiver's answer, or why there was none. */
    @Column(columnDefinition = "text")
    public String excerpt;

    /** Whether this try counted as delivered. */
    public boolean delivered;
}
