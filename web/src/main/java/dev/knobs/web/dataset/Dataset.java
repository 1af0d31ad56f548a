package dev.knobs.web.dataset;

import dev.knobs.domain.Owned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** An uploaded CSV dataset: its file is the artifact {@code datasets/<id>}; the profile is JSON. */
@Entity
@Table(name = "datasets")
public class Dataset extends Owned {
    public int rows;

    @Column(name = "size_bytes")
    public long sizeBytes;

    /** JSON of {@link DatasetProfile}. */
    @Column(nullable = false, columnDefinition = "text")
    public String profile;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
