package dev.knobs.domain.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A model served at an endpoint: the latest revision of a name. */
@Entity
@Table(name = "models")
public class PublishedModel {
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

    /**
     * Where the platform itself reaches the endpoint (the page's try-it form): the gateway on
     * loopback, a Knative Service's cluster-local address.
     */
    @Column(name = "internal_url", length = 1024)
    public String internalUrl;

    @Column(name = "artifact_url", nullable = false, length = 1024)
    public String artifactUrl;

    @Column(nullable = false, length = 32)
    public String format;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    /**
     * SHA-256 (hex) of the token every request must carry, or null when the endpoint is open. Set
     * by its owner (web), applied to the endpoint by the functions.
     */
    @Column(name = "token_sha256", length = 64)
    public String tokenSha256;

    /** How many times the owner changed the access; a change event older than this is ignored. */
    @Column(name = "access_change", nullable = false)
    public long accessChange;

    /** The access change the endpoint was last put in line with (the functions'). */
    @Column(name = "access_applied", nullable = false, columnDefinition = "bigint default 0")
    public long accessApplied;
}
