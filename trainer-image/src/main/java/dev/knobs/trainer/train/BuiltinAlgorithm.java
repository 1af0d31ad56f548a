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
