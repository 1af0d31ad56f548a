package dev.knobs.trainer.train;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.emit.HttpEventEmitter;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialProgress;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.csv.CsvLimits;
import dev.knobs.formats.csv.Table;
import dev.knobs.trainer.data.PreparedData;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code train}: runs one trial of a built-in algorithm under the trial contract ({@link
 * TrialEnvironment}): fetch the dataset, split it deterministically, train, measure on the
 * validation rows through the exported model (the very file that will be served), upload the model,
 * print {@code name=value} metric lines and publish {@code trial-finished}.
 */
public final class TrainCommand {
    /**
     * The train/validation split is the same for every trial of an experiment, so trials compare
     * fairly.
     */
    public static final long SPLIT_SEED = 20_240_601L;

    public static final double VALIDATION_FRACTION = 0.2;

    private final Function<String, String> env;
    private final PrintStream out;

    public TrainCommand(Function<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    /**
     * Returns the process exit status: 0 when the trial succeeded, 2 when it failed (and said why).
     */
    public int run() {
        String experiment = required(TrialEnvironment.EXPERIMENT_ID);
        String trial = required(TrialEnvironment.TRIAL_ID);
        TrialFinished result;
        try {
            result = train(experiment, trial);
        } catch (IllegalArgumentException | InvalidDataException e) {
            result = failed(experiment, trial, e.getMessage());
        } catch (Exception e) {
            result =
                    failed(experiment, trial, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        report(result);
        return result.status() == TrialStatus.SUCCEEDED ? 0 : 2;
    }

    private TrialFinished train(String experiment, String trial) throws Exception {
        BuiltinAlgorithm algorithm = BuiltinAlgorithm.named(required(TrialEnvironment.ALGORITHM));
        Map<String, Object> values =
                Json.MAPPER.readValue(
                        env.apply(TrialEnvironment.HPARAMS) == null
                                ? "{}"
                                : env.apply(TrialEnvironment.HPARAMS),
                        new TypeReference<Map<String, Object>>() {});
        ArtifactClient artifacts = new ArtifactClient(env.apply(TrialEnvironment.ARTIFACT_TOKEN));
        byte[] csv = artifacts.get(required(TrialEnvironment.DATASET_URL));
        Table table = Table.read(new ByteArrayInputStream(csv), CsvLimits.DEFAULT);
        PreparedData data =
                PreparedData.prepare(
                        table,
                        required(TrialEnvironment.LABEL_COLUMN),
                        VALIDATION_FRACTION,
                        SPLIT_SEED);
        long seed =
                env.apply(TrialEnvironment.SEED) == null
                        ? 0
                        : Long.parseLong(env.apply(TrialEnvironment.SEED));
        TrainedModel model =
                algorithm.train(
                        data,
                        new Hyperparameters(values),
                        seed,
                        "1".equals(env.apply(TrialEnvironment.REPORT_PROGRESS))
                                ? progress(experiment, trial)
                                : Progress.NONE);
        Map<String, Double> metrics = Metrics.measure(model, data);
        ModelRef ref = null;
        String upload = env.apply(TrialEnvironment.MODEL_UPLOAD_URL);
        if (upload != null && !upload.isBlank()) {
            artifacts.put(upload, model.bytes());
            ref = new ModelRef(upload, model.format());
        }
        return new TrialFinished(
                experiment, trial, TrialStatus.SUCCEEDED, metrics, ref, null, 0, null);
    }

    /**
     * Publishes each intermediate result as {@code trial-progress} and prints it; a result that
     * cannot be delivered is skipped (early stopping judges the next one).
     */
    private Progress progress(String experiment, String trial) {
        HttpEventEmitter emitter = emitter();
        int attempt = attempt();
        return (step, metrics) -> {
            out.println("knobs: step " + step + " " + line(metrics));
            if (emitter != null) {
                try {
                    emitter.emit(
                            new KnobsEvent<>(
                                    EventIds.trialProgress(trial, attempt, step),
                                    EventSources.TRIALS,
                                    experiment,
                                    new TrialProgress(experiment, trial, step, metrics, attempt)));
                } catch (RuntimeException e) {
                    out.println("knobs: step " + step + " not reported: " + e.getMessage());
                }
            }
        };
    }

    private static String line(Map<String, Double> metrics) {
        StringBuilder b = new StringBuilder();
        metrics.forEach(
                (name, value) ->
                        b.append(b.length() == 0 ? "" : " ")
                                .append(name)
                                .append('=')
                                .append(String.format(Locale.ROOT, "%.6g", value)));
        return b.toString();
    }

    private static TrialFinished failed(String experiment, String trial, String reason) {
        return new TrialFinished(
                experiment, trial, TrialStatus.FAILED, Map.of(), null, reason, 2, null);
    }

    private void report(TrialFinished result) {
        result.metrics()
                .forEach(
                        (name, value) ->
                                out.println(
                                        name + "=" + String.format(Locale.ROOT, "%.6g", value)));
        if (result.reason() != null) {
            out.println("knobs: trial failed: " + result.reason());
        }
        HttpEventEmitter emitter = emitter();
        if (emitter != null) {
            int attempt = attempt();
            emitter.emit(
                    new KnobsEvent<>(
                            EventIds.trialFinished(result.trialId(), attempt),
                            EventSources.TRIALS,
                            result.experimentId(),
                            result.forAttempt(attempt)));
        }
    }

    /**
     * Reports go to {@code K_SINK} (the front's ingress for trials) with the trial's own
     * credential; none without a sink.
     */
    private HttpEventEmitter emitter() {
        String sink = env.apply(TrialEnvironment.SINK);
        return sink == null || sink.isBlank()
                ? null
                : new HttpEventEmitter(
                        URI.create(sink), () -> env.apply(TrialEnvironment.ARTIFACT_TOKEN), null);
    }

    private int attempt() {
        String attempt = env.apply(TrialEnvironment.TRIAL_ATTEMPT);
        try {
            return attempt == null ? 1 : Integer.parseInt(attempt.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private String required(String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the trial contract variable " + name + " is not set");
        }
        return value;
    }
}
