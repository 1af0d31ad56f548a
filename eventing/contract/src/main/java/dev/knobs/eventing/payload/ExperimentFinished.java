package dev.knobs.eventing.payload;

import java.util.Map;

/**
 * {@code dev.knobs.experiment-finished}: an experiment reached its end, once. {@code best} is the
 * best trial when one succeeded; {@code modelName} and {@code modelUrl} say where its model is
 * served when it was published. {@code reason} is the sentence the experiment's page shows.
 */
public record ExperimentFinished(
        String experimentId,
        String owner,
        String name,
        Outcome outcome,
        String reason,
        int trialsFinished,
        int trialsFailed,
        int trialsPruned,
        BestTrial best,
        String modelName,
        String modelUrl) {

    /** How the experiment ended. */
    public enum Outcome {
        /** Its budget was spent (or its space exhausted) and a best trial was found. */
        SUCCEEDED,
        /** No trial succeeded, too many failed, it could not start, or its model not be served. */
        FAILED,
        /** Its owner cancelled it. */
        CANCELLED,
        /** A trial reached the objective's target; the best so far was kept. */
        GOAL_REACHED,
        /** Its time budget was spent; the best so far was kept. */
        TIME_SPENT
    }

    /** The best trial: its number, values and objective. */
    public record BestTrial(
            String trialId,
            int trialNumber,
            Map<String, Object> parameters,
            Map<String, Double> metrics,
            double objectiveValue) {}
}
