package dev.knobs.web.dataset;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An uploaded CSV dataset: its file is the artifact {@code datasets/<id>}; the profile is JSON. */
@Entity
@Table(name = "datasets")
public class Dataset extends PanacheEntityBase {
    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 128)
    public String owner;

    @Column(nullable = false)
    public String name;

    public int rows;

    @Column(name = "size_bytes")
    public long sizeBytes;

    /** JSON of {@link DatasetProfile}. */
    @Column(nullable = false, columnDefinition = "text")
    public String profile;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
