package dev.knobs.trainer.train;

import dev.knobs.formats.Algorithm;
import dev.knobs.formats.model.ModelCard;
import dev.knobs.trainer.data.PreparedData;
import java.util.Set;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.regression.sgd.fm.FMRegressionTrainer;

/**
 * A factorization machine (pairwise feature interactions of rank {@code factors}), trained by SGD.
 */
public final class FactorizationMachine implements BuiltinAlgorithm {
    @Override
    public String name() {
        return Algorithm.FACTORIZATION_MACHINE.id();
    }

    @Override
    public Set<String> hyperparameters() {
        return Algorithm.FACTORIZATION_MACHINE.hyperparameters();
    }

    @Override
    public TrainedModel train(PreparedData data, Hyperparameters hp, long seed) throws Exception {
        hp.requireKnown(name(), hyperparameters());
        int factors = hp.integer("factors", 4);
        if (factors < 1 || factors > 512) {
            throw new IllegalArgumentException(
                    "hyperparameter 'factors' must be between 1 and 512, got " + factors);
        }
        double variance = hp.real("init_variance", 0.1);
        if (data.task() == ModelCard.Task.CLASSIFICATION) {
            var trainer =
                    new FMClassificationTrainer(
                            LinearSgd.classificationLoss(hp),
                            TribuoModels.optimiser(hp),
                            TribuoModels.epochs(hp),
                            -1,
                            TribuoModels.minibatch(hp),
                            seed,
                            factors,
                            variance);
            return TribuoModels.export(
                    trainer.train(TribuoModels.classification(data)), data, name());
        }
        var trainer =
                new FMRegressionTrainer(
                        LinearSgd.regressionLoss(hp),
                        TribuoModels.optimiser(hp),
                        TribuoModels.epochs(hp),
                        -1,
                        TribuoModels.minibatch(hp),
                        seed,
                        factors,
                        variance,
                        false);
        return TribuoModels.export(trainer.train(TribuoModels.regression(data)), data, name());
    }
}
