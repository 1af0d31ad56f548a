package dev.knobs.domain.experiment;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A model served at an endpoint: the latest revision of a name. */
@Entity
@Table(name = "models")
public class PublishedModel extends PanacheEntityBase {
    @Id
    @Column(length = 63)
    public String name;

    @Column(nullable = false, length = 128)
    public String owner;

    @Column(name = "experiment_id", length = 64)
    public String experimentId;

    public int revision;

    @Column(nullable = false, length = 1024)
    public String url;

    @Column(name = "artifact_url", nullable = false, length = 1024)
    public String artifactUrl;

    @Column(nullable = false, length = 32)
    public String format;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;
}
