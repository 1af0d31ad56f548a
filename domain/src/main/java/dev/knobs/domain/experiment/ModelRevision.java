package dev.knobs.domain.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One revision of a served model: which file, where it came from (an experiment's best trial or an
 * upload) and whether it is served. Revisions are numbered in one place, {@link #next(Integer)}, by
 * the functions, the only writer; {@code source} makes numbering a publication idempotent (a
 * redelivered event finds its revision).
 */
@Entity
@Table(
        name = "model_revisions",
        indexes = {
            @Index(name = "model_revisions_by_name", columnList = "name, revision", unique = true),
            @Index(name = "model_revisions_by_source", columnList = "source", unique = true)
        })
public class ModelRevision {
    /** Where a revision is in its life. */
    public enum State {
        DEPLOYING,
        SERVED,
        FAILED,
        /** Its owner retired it: no longer served, its file kept. */
        RETIRED
    }

    @Id
    @Column(length = 80)
    public String id;

    @Column(nullable = false, length = 63)
    public String name;

    public int revision;

    @Column(nullable = false, length = 128)
    public String owner;

    /** {@code best:<experiment>} or {@code upload:<upload>}. */
    @Column(nullable = false, length = 120)
    public String source;

    @Column(name = "experiment_id", length = 64)
    public String experimentId;

    @Column(name = "artifact_url", nullable = false, length = 1024)
    public String artifactUrl;

    @Column(nullable = false, length = 32)
    public String format;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public State state;

    @Column(columnDefinition = "text")
    public String reason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "served_at")
    public Instant servedAt;

    /** Where this version answers on its own (the gateway's path, a Knative tagged URL). */
    @Column(length = 1024)
    public String url;

    /** The revision after {@code highest} (null: none yet): 1, 2, 3, … */
    public static int next(Integer highest) {
        return highest == null ? 1 : highest + 1;
    }

    public static String id(String name, int revision) {
        return name + "/r" + revision;
    }
}
