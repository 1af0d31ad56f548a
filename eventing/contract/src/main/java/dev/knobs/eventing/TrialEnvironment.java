package dev.knobs.eventing;

import java.util.Locale;

/**
 * The trial contract's environment variables: what every trial process or container receives,
 * whether it runs a built-in algorithm or a custom trainer. Documented for trainer authors in
 * {@code trainer-image/README.md}.
 */
public final class TrialEnvironment {
    public static final String EXPERIMENT_ID = "KNOBS_EXPERIMENT_ID";
    public static final String TRIAL_ID = "KNOBS_TRIAL_ID";
    public static final String TRIAL_NUMBER = "KNOBS_TRIAL_NUMBER";
    public static final String ALGORITHM = "KNOBS_ALGORITHM";

    /**
     * All hyperparameters as one JSON object, e.g. {@code {"learning_rate":0.01,"max_depth":6}}.
     */
    public static final String HPARAMS = "KNOBS_HPARAMS";

    /**
     * Prefix of the one-variable-per-hyperparameter form: {@code learning_rate} is {@code
     * KNOBS_HP_LEARNING_RATE}.
     */
    public static final String HP_PREFIX = "KNOBS_HP_";

    public static final String OBJECTIVE_METRIC = "KNOBS_OBJECTIVE_METRIC";
    public static final String DATASET_URL = "KNOBS_DATASET_URL";
    public static final String LABEL_COLUMN = "KNOBS_LABEL_COLUMN";
    public static final String MODEL_UPLOAD_URL = "KNOBS_MODEL_UPLOAD_URL";

    /** Bearer token for the artifact API (dataset download, model upload). */
    public static final String ARTIFACT_TOKEN = "KNOBS_ARTIFACT_TOKEN";

    /**
     * For a model server ({@code serve}): the SHA-256 (hex) of the token every request but the
     * health checks must carry as {@code Authorization: Bearer <token>}; unset, the model is open.
     */
    public static final String MODEL_TOKEN_SHA256 = "KNOBS_MODEL_TOKEN_SHA256";

    /**
     * Where to publish CloudEvents (trial-progress, trial-finished); set by the platform
     * (SinkBinding on a cluster).
     */
    public static final String SINK = "K_SINK";

    /**
     * {@code 1} when the experiment stops trials early: report intermediate results as {@code
     * dev.knobs.trial-progress} (step and metrics) to {@link #SINK}.
     */
    public static final String REPORT_PROGRESS = "KNOBS_REPORT_PROGRESS";

    public static final String CPU = "KNOBS_CPU";
    public static final String MEMORY_MB = "KNOBS_MEMORY_MB";
    public static final String SEED = "KNOBS_SEED";

    private TrialEnvironment() {}

    /**
     * The variable that carries one hyperparameter: upper case, every character not A-Z or 0-9 as
     * _.
     */
    public static String variableFor(String hyperparameter) {
        return HP_PREFIX + hyperparameter.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
