package dev.knobs.trainer.train;

import dev.knobs.formats.Algorithm;
import dev.knobs.trainer.data.PreparedData;
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

    /** The implementation of a built-in algorithm, by any of its names ({@link Algorithm}). */
    static BuiltinAlgorithm named(String name) {
        return switch (Algorithm.named(name)) {
            case LINEAR_SGD -> new LinearSgd();
            case FACTORIZATION_MACHINE -> new FactorizationMachine();
            case XGBOOST -> new GradientBoostedTrees();
        };
    }
}
