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

    /**
     * Which run of the trial this is: 1, more when the platform runs a lost trial again. Reports
     * carry it, so a late report of an earlier run changes nothing.
     */
    public static final String TRIAL_ATTEMPT = "KNOBS_TRIAL_ATTEMPT";

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

    /**
     * The trial contract without a network (a custom trainer in the sandbox of one machine): the
     * dataset as a file, read-only.
     */
    public static final String DATASET_PATH = "KNOBS_DATASET_PATH";

    /** Where a sandboxed trainer writes its model (ONNX); the platform uploads it on its behalf. */
    public static final String MODEL_PATH = "KNOBS_MODEL_PATH";

    public static final String MODEL_UPLOAD_URL = "KNOBS_MODEL_UPLOAD_URL";

    /**
     * The trial's own credential, sent as {@code Authorization: Bearer …}: it reads the trial's
     * dataset (and trainer archive), writes its model and reports its progress and end to {@link
     * #SINK} — for this trial only, until it ends. For a model server, the credential that reads
     * its one model file.
     */
    public static final String ARTIFACT_TOKEN = "KNOBS_ARTIFACT_TOKEN";

    /**
     * For a model server ({@code serve}): the SHA-256 (hex) of the token every request but the
     * health checks must carry as {@code Authorization: Bearer <token>}; unset, the model is open.
     */
    public static final String MODEL_TOKEN_SHA256 = "KNOBS_MODEL_TOKEN_SHA256";

    /**
     * Where a trial sends its CloudEvents (trial-progress, trial-finished): the front's ingress for
     * trials, which checks the trial's credential and passes them on to the broker.
     */
    public static final String SINK = "K_SINK";

    /** For a model server: SHA-256 of the credential the platform calls it with (try-it form). */
    public static final String MODEL_CALLER_SHA256 = "KNOBS_MODEL_CALLER_SHA256";

    /**
     * A file holding the SHA-256 of the token a model's callers must carry (empty: open), read
     * again as it changes: on a cluster the model's Secret, mounted, so a new access setting
     * reaches every version's servers without a new Revision.
     */
    public static final String MODEL_TOKEN_FILE = "KNOBS_MODEL_TOKEN_FILE";

    /** For a child process of the platform: the process to follow; when it ends, so does this. */
    public static final String PARENT_PID = "KNOBS_PARENT_PID";

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
