package dev.knobs.functions.trial.process;

import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.functions.trial.TrialContract;
import dev.knobs.functions.trial.TrialLaunch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trial contract without a network, for a custom trainer in the sandbox (docs/adr/0020;
 * trainer-image/README.md#your-own-code): the hyperparameters in environment variables as always,
 * the dataset as a file ({@code KNOBS_DATASET_PATH}), the model written to {@code
 * KNOBS_MODEL_PATH}, and the results as lines it prints — {@code knobs step=3 accuracy=0.81} while
 * it trains, {@code knobs final accuracy=0.86} (or {@code accuracy=0.86}) at the end. The platform
 * reads them and reports for it.
 */
final class SandboxContract {
    /** What the platform puts in a trial's working directory for it, read-only inside. */
    static final String PRIVATE = ".knobs";

    /** Where the model goes, inside. */
    static final String MODEL = Sandbox.WORK + "/" + TrialEnds.MODEL_FILE;

    private SandboxContract() {}

    /** The trial's whole environment inside the sandbox (nothing of the platform's). */
    static Map<String, String> environment(TrialLaunch launch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", Sandbox.WORK);
        env.put("TMPDIR", "/tmp");
        env.put("LANG", "C.UTF-8");
        env.putAll(TrialContract.environment(launch, "", ""));
        // no network inside: no sink, no credential, no URLs
        env.remove(TrialEnvironment.SINK);
        env.remove(TrialEnvironment.ARTIFACT_TOKEN);
        env.remove(TrialEnvironment.DATASET_URL);
        env.remove(TrialEnvironment.MODEL_UPLOAD_URL);
        if (launch.dataset() != null && launch.dataset().url() != null) {
            env.put(TrialEnvironment.DATASET_PATH, Sandbox.DATASET);
        }
        env.put(TrialEnvironment.MODEL_PATH, MODEL);
        return env;
    }
}
