package dev.knobs.domain.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/** One trial: a hyperparameter combination, its state and, once finished, its metrics. */
@Entity
@Table(
        name = "trials",
        indexes = @Index(name = "trials_by_experiment", columnList = "experiment_id, number"))
public class Trial {
    @Id
    @Column(length = 80)
    public String id;

    @Column(name = "experiment_id", nullable = false, length = 64)
    public String experimentId;

    public int number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public TrialState state;

    /** JSON object of hyperparameter values. */
    @Column(nullable = false, columnDefinition = "text")
    public String parameters;

    /** JSON object of reported metrics. */
    @Column(columnDefinition = "text")
    public String metrics;

    /** The last intermediate step reported (epochs, boosting rounds), with its metrics. */
    @Column(name = "last_step")
    public Long lastStep;

    @Column(name = "objective_value")
    public Double objectiveValue;

    @Column(name = "model_url", length = 1024)
    public String modelUrl;

    @Column(name = "model_format", length = 32)
    public String modelFormat;

    @Column(columnDefinition = "text")
    public String reason;

    @Column(name = "exit_code")
    public Integer exitCode;

    @Column(name = "log_tail", columnDefinition = "text")
    public String logTail;

    /**
     * Which run of this trial: 1, and one more each time the platform runs it again because it was
     * lost (the platform stopped under it, its process or Job vanished) — never for its own
     * failure.
     */
    @Column(nullable = false, columnDefinition = "integer default 1")
    public int attempt = 1;

    /** What happened to earlier attempts, one line each, for the person reading the trial. */
    @Column(columnDefinition = "text")
    public String history;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
