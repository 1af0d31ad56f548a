package dev.knobs.web.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;

/**
 * What a person submits to start an experiment. {@code searchSpace} is the free-text language;
 * {@code searchSpaceJson} the same space as JSON ({@code {"parameters":[...]}}); give one of them.
 * The search algorithm and the early-stopping rule may be chosen here or in the space itself
 * ({@code search = tpe}, {@code early stopping = asha}); saying two different things is an error.
 * {@code earlyStopping} is a rule name ({@code "asha"}) or an object with its settings. Omitted
 * settings take the defaults the page shows.
 *
 * <p>{@code objectives} names one or two objectives instead of {@code objective} (or the space's
 * text does: {@code maximize accuracy, minimize latency_ms}); with two, the search looks for their
 * Pareto front and publishes, of the front, the best on the second objective among the trials
 * within {@code publishWithin} (a share of the best first-objective value, default 0.01) of the
 * best first-objective value.
 */
public record ExperimentRequest(
        String name,
        String datasetId,
        String labelColumn,
        String algorithm,
        CustomTrainerRequest trainer,
        String searchSpace,
        JsonNode searchSpaceJson,
        String searchAlgorithm,
        Long seed,
        ObjectiveRequest objective,
        Budget budget,
        Resources resources,
        EarlyStopping earlyStopping,
        java.util.List<ObjectiveRequest> objectives,
        Double publishWithin) {

    /**
     * A custom trainer: an uploaded zip archive ({@code POST /api/trainers}) and the command that
     * runs one trial.
     */
    public record CustomTrainerRequest(
            String archiveId, String command, String image, String pullSecret) {}

    /**
     * The metric to optimise and its direction (a built-in algorithm has defaults: accuracy or
     * rmse), and optionally a target value at which the experiment stops.
     */
    public record ObjectiveRequest(String metric, Objective.Goal goal, Double target) {}

    /** The budget and resources of a request that names none: every setting its default. */
    public static final Budget DEFAULT_BUDGET = Budget.of(null, null, null, null);

    public static final Resources DEFAULT_RESOURCES = Resources.of(null, null, null);
}
