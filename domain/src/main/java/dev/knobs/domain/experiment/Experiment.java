package dev.knobs.domain.experiment;

import dev.knobs.domain.Owned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One tuning experiment. Written by the functions; read by the web front. {@code spec} holds the
 * submitted {@code upload-received} payload as JSON, the single source of its settings.
 */
@Entity
@Table(name = "experiments")
public class Experiment extends Owned {
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public ExperimentStatus status;

    @Column(nullable = false, columnDefinition = "text")
    public String spec;

    @Column(name = "objective_metric", nullable = false)
    public String objectiveMetric;

    public boolean maximize;

    @Column(name = "max_trials")
    public int maxTrials;

    @Column(name = "trials_requested")
    public int trialsRequested;

    @Column(name = "trials_finished")
    public int trialsFinished;

    @Column(name = "trials_failed")
    public int trialsFailed;

    @Column(name = "trials_pruned", nullable = false, columnDefinition = "integer default 0")
    public int trialsPruned;

    @Column(name = "trials_stopped", nullable = false, columnDefinition = "integer default 0")
    public int trialsStopped;

    @Column(name = "best_trial_id", length = 80)
    public String bestTrialId;

    @Column(name = "best_value")
    public Double bestValue;

    @Column(name = "stop_reason")
    public String stopReason;

    /**
     * Why a running experiment was ended early with its best trial kept: {@code GOAL_REACHED} or
     * {@code TIME_SPENT} (the outcome its owner is told); null when it ran its course.
     */
    @Column(name = "stop_cause", length = 32)
    public String stopCause;

    @Column(name = "model_name", length = 63)
    public String modelName;

    @Column(name = "model_url", length = 1024)
    public String modelUrl;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the experiment's time budget runs out, if it has one. */
    @Column(name = "deadline")
    public Instant deadline;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Failed tries to serve the best model; past a few the experiment fails with the reason. */
    @Column(name = "publish_attempts", nullable = false, columnDefinition = "integer default 0")
    public int publishAttempts;

    /**
     * How many of its owner's extensions ({@link Submission#extensions}) the experiment has taken
     * up: each ran it again with more trials, from its history.
     */
    @Column(name = "extensions", nullable = false, columnDefinition = "integer default 0")
    public int extensions;

    /** Trials requested but not finished. */
    public int trialsRunning() {
        return trialsRequested - trialsFinished;
    }
}
