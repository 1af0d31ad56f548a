package dev.knobs.domain.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A model served at an endpoint: its name, its primary version ({@link #revision}) and canary, who
 * may call it, and how its servers scale. Its versions are {@link ModelRevision}s; every one served
 * stays callable until its owner retires it.
 */
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

    /** The primary version: the one that takes the traffic the canary does not. */
    public int revision;

    /** A second version taking {@link #canaryPercent} of the traffic, or null. */
    @Column(name = "canary_revision")
    public Integer canaryRevision;

    @Column(name = "canary_percent", nullable = false, columnDefinition = "integer default 0")
    public int canaryPercent;

    /** Servers kept warm (0: scale to zero when idle). */
    @Column(name = "min_scale", nullable = false, columnDefinition = "integer default 0")
    public int minScale;

    @Column(name = "max_scale", nullable = false, columnDefinition = "integer default 3")
    public int maxScale = 3;

    /** Requests in flight each server aims at before another one starts. */
    @Column(name = "target_concurrency", nullable = false, columnDefinition = "integer default 10")
    public int targetConcurrency = 10;

    /**
     * How long a server idles before it stops (scale to zero), in seconds; 0: the platform's
     * default (the gateway's idle timeout, Knative's own).
     */
    @Column(
            name = "scale_down_delay_seconds",
            nullable = false,
            columnDefinition = "integer default 0")
    public int scaleDownDelaySeconds;

    /** Its owner took it down: the functions remove the endpoint, then the rows. */
    @Column(nullable = false, columnDefinition = "boolean default false")
    public boolean removing;

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

    /**
     * How many times the owner changed the endpoint's settings (access, traffic, scaling, versions,
     * removal); a {@code model-access-changed} event older than this is ignored.
     */
    @Column(name = "access_change", nullable = false)
    public long accessChange;

    /** The access change the endpoint was last put in line with (the functions'). */
    @Column(name = "access_applied", nullable = false, columnDefinition = "bigint default 0")
    public long accessApplied;
}
