package dev.knobs.domain.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A finished model file a user uploaded to be served under a name: the front writes it and stores
 * the file; it is the authority for {@code model-uploaded}, on which the functions number and
 * deploy a revision ({@link ModelRevision}).
 */
@Entity
@Table(name = "model_uploads")
public class ModelUpload {
    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 63)
    public String name;

    @Column(nullable = false, length = 128)
    public String owner;

    @Column(name = "artifact_url", nullable = false, length = 1024)
    public String artifactUrl;

    @Column(nullable = false, length = 32)
    public String format;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
