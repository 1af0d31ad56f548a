package dev.knobs.domain.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A person who can log in: a bcrypt hash of the password (never the password) and a role. The front
 * writes it; the functions read the role where an experiment needs one (a custom trainer on one
 * machine). A removed user keeps a row with {@link #deletedAt}, so their name — which owns their
 * data — is never given to someone else.
 */
@Entity
@Table(name = "users")
public class UserAccount {
    /** The role of administrators. */
    public static final String ADMIN = "admin";

    @Id
    @Column(length = 64)
    public String username;

    /** Modular crypt format, {@code $2a$10$…}; empty once the user is removed. */
    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false, length = 16)
    public String role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When an administrator removed the user; null while they may log in. */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    public boolean admin() {
        return ADMIN.equals(role) && deletedAt == null;
    }

    public boolean removed() {
        return deletedAt != null;
    }
}
