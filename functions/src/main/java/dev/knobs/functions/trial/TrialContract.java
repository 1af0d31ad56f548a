package dev.knobs.functions.trial;

import dev.knobs.eventing.Json;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.payload.TrialRequested;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment a trial receives, the same for every launcher (see trainer-image/README.md). */
public final class TrialContract {
    private TrialContract() {}

    public static Map<String, String> environment(
            TrialRequested request, String sink, String artifactToken) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(TrialEnvironment.EXPERIMENT_ID, request.experimentId());
        env.put(TrialEnvironment.TRIAL_ID, request.trialId());
        env.put(TrialEnvironment.TRIAL_NUMBER, String.valueOf(request.trialNumber()));
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
        env.put(TrialEnvironment.ARTIFACT_TOKEN, artifactToken);
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
