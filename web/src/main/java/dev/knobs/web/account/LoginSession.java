package dev.knobs.web.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A page login. The browser holds a random secret in an HttpOnly cookie; only its SHA-256 is
 * stored, so a copy of the database logs nobody in. Logging out deletes the row.
 */
@Entity
@Table(name = "login_sessions", indexes = @Index(columnList = "username"))
public class LoginSession extends PanacheEntityBase {
    /** Hex SHA-256 of the cookie's secret. */
    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 64)
    public String username;

    /** Sent back by the page in {@code X-CSRF-Token} on every change. */
    @Column(name = "csrf_token", nullable = false, length = 64)
    public String csrfToken;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;
}
