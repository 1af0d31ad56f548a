package dev.knobs.domain.experiment;

import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.eventing.payload.SearchSpace;

/**
 * Everything an experiment runs by, as its owner submitted it and the front checked it: what to
 * train (a dataset and an algorithm, or a custom trainer), the search space and algorithm, the
 * objective, the budget, the resources of one trial and the early-stopping rule. The front stores
 * it with the submission ({@link Submission#payload}); the functions read it from there, never from
 * an event, and keep a copy with the experiment ({@link Experiment#spec}).
 *
 * <p>An experiment may trade a second objective against the first ({@code secondObjective}, e.g.
 * accuracy against latency_ms): the search then looks for the Pareto front of the two, and the
 * model published is the front's best on the second objective among the trials within {@code
 * publishWithin} (relative, default {@value #DEFAULT_PUBLISH_WITHIN}) of the best first-objective
 * value ({@link Leaderboard#published}). Both null for one objective.
 */
public record ExperimentSpec(
        String experimentId,
        String owner,
        String name,
        DatasetRef dataset,
        String algorithm,
        CustomTrainer trainer,
        SearchSpace searchSpace,
        String searchAlgorithm,
        long seed,
        Objective objective,
        Budget budget,
        Resources resources,
        EarlyStopping earlyStopping,
        Objective secondObjective,
        Double publishWithin) {
    /** How far below the best first-objective value (relative) a published model may be. */
    public static final double DEFAULT_PUBLISH_WITHIN = 0.01;

    public ExperimentSpec {
        earlyStopping = earlyStopping == null ? EarlyStopping.NONE : earlyStopping;
        publishWithin =
                secondObjective == null
                        ? null
                        : publishWithin == null ? DEFAULT_PUBLISH_WITHIN : publishWithin;
    }

    /** An experiment with one objective. */
    public ExperimentSpec(
            String experimentId,
            String owner,
            String name,
            DatasetRef dataset,
            String algorithm,
            CustomTrainer trainer,
            SearchSpace searchSpace,
            String searchAlgorithm,
            long seed,
            Objective objective,
            Budget budget,
            Resources resources,
            EarlyStopping earlyStopping) {
        this(
                experimentId,
                owner,
                name,
                dataset,
                algorithm,
                trainer,
                searchSpace,
                searchAlgorithm,
                seed,
                objective,
                budget,
                resources,
                earlyStopping,
                null,
                null);
    }

    /** The same settings with other objectives ({@code second} null: one objective). */
    public ExperimentSpec withObjectives(Objective first, Objective second, Double within) {
        return new ExperimentSpec(
                experimentId,
                owner,
                name,
                dataset,
                algorithm,
                trainer,
                searchSpace,
                searchAlgorithm,
                seed,
                first,
                budget,
                resources,
                earlyStopping,
                second,
                within);
    }

    /** True when a second objective is traded against the first. */
    public boolean twoObjectives() {
        return secondObjective != null;
    }

    /** The same settings with another budget (an extension's). */
    public ExperimentSpec withBudget(Budget other) {
        return new ExperimentSpec(
                experimentId,
                owner,
                name,
                dataset,
                algorithm,
                trainer,
                searchSpace,
                searchAlgorithm,
                seed,
                objective,
                other,
                resources,
                earlyStopping,
                secondObjective,
                publishWithin);
    }
}
