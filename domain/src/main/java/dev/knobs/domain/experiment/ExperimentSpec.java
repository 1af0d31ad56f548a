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
        EarlyStopping earlyStopping) {
    public ExperimentSpec {
        earlyStopping = earlyStopping == null ? EarlyStopping.NONE : earlyStopping;
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
                earlyStopping);
    }
}
