package dev.knobs.web.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person who can log in: a bcrypt hash of the password (never the password) and a role. */
@Entity
@Table(name = "users")
public class UserAccount extends PanacheEntityBase {
    @Id
    @Column(length = 64)
    public String username;

    /** Modular crypt format, {@code $2a$10$…}. */
    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false, length = 16)
    public String role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean admin() {
        return Roles.ADMIN.equals(role);
    }
}
