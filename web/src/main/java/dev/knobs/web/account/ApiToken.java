package dev.knobs.web.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A personal API token ({@code knobs_<id>_<secret>}): shown once when made, stored as the SHA-256
 * of the whole token. Revoking deletes it.
 */
@Entity
@Table(name = "api_tokens", indexes = @Index(columnList = "username"))
public class ApiToken extends PanacheEntityBase {
    /** The public part, shown in lists so that a person can tell tokens apart. */
    @Id
    @Column(length = 16)
    public String id;

    @Column(nullable = false, length = 64)
    public String username;

    @Column(nullable = false, length = 100)
    public String name;

    /** Hex SHA-256 of the whole token. */
    @Column(nullable = false, length = 64)
    public String hash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
