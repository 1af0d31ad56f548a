package dev.knobs.trainer.train;

import dev.knobs.trainer.data.PreparedData;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The algorithms Knobs trains itself. Each trains on prepared data and exports a servable model
 * file.
 */
public sealed interface BuiltinAlgorithm
        permits LinearSgd, FactorizationMachine, GradientBoostedTrees {

    String name();

    Set<String> hyperparameters();

    TrainedModel train(PreparedData data, Hyperparameters hp, long seed) throws Exception;

    /**
     * Trains and reports validation metrics along the way. This default, for algorithms that train
     * all epochs in one call, trains again from scratch at 1, 2, 4, … epochs (each run reproducible
     * from the seed), reporting each, before the full run: at most about twice the work, and only
     * when early stopping asks for it.
     */
    default TrainedModel train(PreparedData data, Hyperparameters hp, long seed, Progress progress)
            throws Exception {
        int epochs = TribuoModels.epochs(hp);
        if (progress.active()) {
            for (int step = 1; step < epochs; step *= 2) {
                TrainedModel partial = train(data, hp.with("epochs", step), seed);
                progress.report(step, Metrics.measure(partial, data));
            }
        }
        TrainedModel model = train(data, hp, seed);
        if (progress.active()) {
            progress.report(epochs, Metrics.measure(model, data));
        }
        return model;
    }

    List<BuiltinAlgorithm> ALL =
            List.of(new LinearSgd(), new FactorizationMachine(), new GradientBoostedTrees());

    /**
     * Also accepts the aliases people use, e.g. {@code logistic-regression}, {@code fm}, {@code
     * gbt}.
     */
    static BuiltinAlgorithm named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase();
        return switch (n) {
            case "linear-sgd",
                    "linear",
                    "logistic-regression",
                    "logistic",
                    "linear-regression",
                    "sgd" ->
                    ALL.get(0);
            case "factorization-machine", "fm" -> ALL.get(1);
            case "xgboost", "gbt", "gradient-boosted-trees" -> ALL.get(2);
            default ->
                    throw new IllegalArgumentException(
                            "unknown algorithm '"
                                    + name
                                    + "'; choose one of "
                                    + String.join(
                                            ", ",
                                            Arrays.asList(
                                                    "linear-sgd",
                                                    "factorization-machine",
                                                    "xgboost")));
        };
    }
}
