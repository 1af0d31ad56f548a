package dev.knobs.functions.trial;

import dev.knobs.eventing.Json;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.trust.Credentials;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment a trial receives, the same for every launcher (see trainer-image/README.md). */
public final class TrialContract {
    /** Time a trial's credential outlives its deadline: for reporting its end. */
    static final Duration CREDENTIAL_GRACE = Duration.ofMinutes(10);

    private TrialContract() {}

    /**
     * The credential of one attempt of a trial, minted when it starts: it reads the trial's own
     * dataset and trainer, writes its own model and reports about itself, until the trial ends or
     * its deadline (plus a grace for the report) passes.
     */
    public static String credential(Credentials credentials, TrialLaunch launch, Instant now) {
        Instant expires =
                now.plusSeconds(launch.resources().deadlineSeconds()).plus(CREDENTIAL_GRACE);
        return credentials.trial(launch.trialId(), launch.attempt(), expires);
    }

    /**
     * @param sink where the trial reports (the front's ingress for trials)
     * @param credential the trial's own credential ({@link #credential}); empty where a launcher
     *     provides it otherwise (a Job's Secret)
     */
    public static Map<String, String> environment(
            TrialLaunch request, String sink, String credential) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(TrialEnvironment.EXPERIMENT_ID, request.experimentId());
        env.put(TrialEnvironment.TRIAL_ID, request.trialId());
        env.put(TrialEnvironment.TRIAL_NUMBER, String.valueOf(request.trialNumber()));
        env.put(TrialEnvironment.TRIAL_ATTEMPT, String.valueOf(request.attempt()));
        env.put(TrialEnvironment.ALGORITHM, request.algorithm());
        env.put(TrialEnvironment.HPARAMS, Json.write(request.parameters()));
        request.parameters()
                .forEach(
                        (name, value) ->
                                env.put(TrialEnvironment.variableFor(name), String.valueOf(value)));
        env.put(TrialEnvironment.OBJECTIVE_METRIC, request.objective().metric());
        if (request.dataset() != null) {
            env.put(TrialEnvironment.DATASET_URL, request.dataset().url());
            if (request.dataset().labelColumn() != null) {
                env.put(TrialEnvironment.LABEL_COLUMN, request.dataset().labelColumn());
            }
        }
        if (request.modelUploadUrl() != null) {
            env.put(TrialEnvironment.MODEL_UPLOAD_URL, request.modelUploadUrl());
        }
        env.put(TrialEnvironment.ARTIFACT_TOKEN, credential);
        env.put(TrialEnvironment.SINK, sink);
        if (request.reportProgress()) {
            env.put(TrialEnvironment.REPORT_PROGRESS, "1");
        }
        env.put(TrialEnvironment.CPU, String.valueOf(request.resources().cpu()));
        env.put(TrialEnvironment.MEMORY_MB, String.valueOf(request.resources().memoryMb()));
        env.put(TrialEnvironment.SEED, String.valueOf(request.trialNumber()));
        String threads = String.valueOf(cores(request.resources().cpu()));
        env.put("OMP_NUM_THREADS", threads);
        env.put("MKL_NUM_THREADS", threads);
        env.put("OPENBLAS_NUM_THREADS", threads);
        return env;
    }

    /** Whole cores for thread pools: at least one. */
    public static int cores(double cpu) {
        return Math.max(1, (int) Math.ceil(cpu));
    }
}
