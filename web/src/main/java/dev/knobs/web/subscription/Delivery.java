package dev.knobs.web.subscription;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/**
 * One event owed to one subscription: a durable queue entry, written in the transaction that took
 * the event in, tried by {@link DeliveryWorker} until its receiver accepts it or its retries are
 * spent. Ids grow in the order events arrived; a subscription gets the events of one experiment (or
 * model, {@link #orderKey}) one after the other, in that order.
 */
@Entity
@Table(
        name = "subscription_deliveries",
        uniqueConstraints = @UniqueConstraint(columnNames = {"subscription_id", "event_key"}),
        indexes = {
            @Index(name = "subscription_deliveries_due", columnList = "state, next_attempt_at"),
            @Index(name = "subscription_deliveries_log", columnList = "subscription_id, id")
        })
public class Delivery extends PanacheEntityBase {
    public enum State {
        PENDING,
        DELIVERED,
        /** Its retries are spent; its owner may redeliver it. */
        FAILED,
        /** Its subscription was disabled or deleted before it went out. */
        CANCELLED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "delivery_ids")
    @SequenceGenerator(
            name = "delivery_ids",
            sequenceName = "subscription_delivery_ids",
            allocationSize = 1)
    public Long id;

    @Column(name = "subscription_id", nullable = false, length = 40)
    public String subscriptionId;

    @Column(nullable = false, length = 128)
    public String owner;

    @Column(name = "event_key", nullable = false, length = 600)
    public String eventKey;

    @Column(name = "event_type", nullable = false, length = 64)
    public String eventType;

    /** The experiment (or, for a model's events, the model) whose events keep their order. */
    @Column(name = "order_key", nullable = false, length = 200)
    public String orderKey;

    /** Standard Webhooks' {@code webhook-id}: the same on every attempt and redelivery. */
    @Column(name = "message_id", nullable = false, length = 80)
    public String messageId;

    /** The event as a structured CloudEvent (what an HTTP receiver gets as its body). */
    @Column(nullable = false, columnDefinition = "text")
    public String event;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public State state;

    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    /** While a worker sends it: others leave it alone until then. */
    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
