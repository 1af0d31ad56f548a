package dev.knobs.web.subscription;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A user's subscription to the events about their experiments and models (CloudEvents Subscriptions
 * API): where they go ({@link #sink}, by {@link #protocol}), which types and which experiment or
 * model. Its signing secret is kept sealed ({@link SecretBox}); during a rotation the previous one
 * signs too, until {@link #previousSecretUntil}.
 */
@Entity
@Table(name = "subscriptions")
public class Subscription extends PanacheEntityBase {
    public enum Protocol {
        HTTP,
        KAFKA
    }

    public enum State {
        ACTIVE,
        /** Its receiver answered 410 Gone; nothing is delivered until its owner enables it. */
        DISABLED
    }

    @Id
    @Column(length = 40)
    public String id;

    @Column(nullable = false, length = 128)
    public String owner;

    @Column(nullable = false, length = 2048)
    public String sink;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public Protocol protocol;

    /** The short event types it takes, as a JSON list (empty: every type for owners). */
    @Column(nullable = false, columnDefinition = "text")
    public String types;

    /** Exact-match filters as a JSON object: {@code experimentId}, {@code modelName}. */
    @Column(nullable = false, columnDefinition = "text")
    public String filters;

    /** As the Subscriptions API's {@code protocolsettings}, a JSON object. */
    @Column(name = "protocol_settings", nullable = false, columnDefinition = "text")
    public String protocolSettings;

    @Column(nullable = false, columnDefinition = "text")
    public String secret;

    @Column(name = "previous_secret", columnDefinition = "text")
    public String previousSecret;

    @Column(name = "previous_secret_until")
    public Instant previousSecretUntil;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public State state;

    @Column(name = "disabled_reason", columnDefinition = "text")
    public String disabledReason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
