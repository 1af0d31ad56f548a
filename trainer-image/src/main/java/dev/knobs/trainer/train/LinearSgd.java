package dev.knobs.trainer.train;

import dev.knobs.formats.Algorithm;
import dev.knobs.formats.model.ModelCard;
import dev.knobs.trainer.data.PreparedData;
import java.util.Set;
import org.tribuo.classification.sgd.LabelObjective;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.regression.sgd.RegressionObjective;
import org.tribuo.regression.sgd.objectives.AbsoluteLoss;
import org.tribuo.regression.sgd.objectives.Huber;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Logistic regression (or a linear SVM with {@code loss=hinge}) and linear regression, trained by
 * SGD.
 */
public final class LinearSgd implements BuiltinAlgorithm {
    @Override
    public String name() {
        return Algorithm.LINEAR_SGD.id();
    }

    @Override
    public Set<String> hyperparameters() {
        return Algorithm.LINEAR_SGD.hyperparameters();
    }

    @Override
    public TrainedModel train(PreparedData data, Hyperparameters hp, long seed) throws Exception {
        hp.requireKnown(name(), hyperparameters());
        if (data.task() == ModelCard.Task.CLASSIFICATION) {
            var trainer =
                    new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                            classificationLoss(hp),
                            TribuoModels.optimiser(hp),
                            TribuoModels.epochs(hp),
                            -1,
                            TribuoModels.minibatch(hp),
                            seed);
            return TribuoModels.export(
                    trainer.train(TribuoModels.classification(data)), data, name());
        }
        var trainer =
                new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                        regressionLoss(hp),
                        TribuoModels.optimiser(hp),
                        TribuoModels.epochs(hp),
                        -1,
                        TribuoModels.minibatch(hp),
                        seed);
        return TribuoModels.export(trainer.train(TribuoModels.regression(data)), data, name());
    }

    static LabelObjective classificationLoss(Hyperparameters hp) {
        return switch (hp.text("loss", "log")) {
            case "log", "logistic" -> new LogMulticlass();
            case "hinge" -> new Hinge();
            default ->
                    throw new IllegalArgumentException(
                            "hyperparameter 'loss' must be log or hinge for classification, got '"
                                    + hp.text("loss", "")
                                    + "'");
        };
    }

    static RegressionObjective regressionLoss(Hyperparameters hp) {
        return switch (hp.text("loss", "squared")) {
            case "squared", "l2" -> new SquaredLoss();
            case "absolute", "l1" -> new AbsoluteLoss();
            case "huber" -> new Huber();
            default ->
                    throw new IllegalArgumentException(
                            "hyperparameter 'loss' must be squared, absolute or huber for regression, got '"
                                    + hp.text("loss", "")
                                    + "'");
        };
    }
}
