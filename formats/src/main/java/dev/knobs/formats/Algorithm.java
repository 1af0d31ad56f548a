package dev.knobs.formats;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The built-in algorithms, by the names and aliases people use, with the hyperparameters each
 * takes: the front checks a request against this list, the trainer trains by it.
 */
public enum Algorithm {
    LINEAR_SGD(
            "linear-sgd",
            List.of("linear", "logistic-regression", "logistic", "linear-regression", "sgd"),
            Set.of("learning_rate", "epochs", "minibatch_size", "optimizer", "loss")),
    FACTORIZATION_MACHINE(
            "factorization-machine",
            List.of("fm"),
            Set.of(
                    "learning_rate",
                    "epochs",
                    "minibatch_size",
                    "optimizer",
                    "loss",
                    "factors",
                    "init_variance")),
    XGBOOST(
            "xgboost",
            List.of("gbt", "gradient-boosted-trees"),
            Set.of(
                    "learning_rate",
                    "eta",
                    "max_depth",
                    "n_estimators",
                    "trees",
                    "subsample",
                    "colsample_bytree",
                    "min_child_weight",
                    "lambda",
                    "alpha",
                    "gamma"));

    private final String id;
    private final List<String> aliases;
    private final Set<String> hyperparameters;

    Algorithm(String id, List<String> aliases, Set<String> hyperparameters) {
        this.id = id;
        this.aliases = aliases;
        this.hyperparameters = hyperparameters;
    }

    /** The name Knobs shows, e.g. {@code xgboost}. */
    public String id() {
        return id;
    }

    public Set<String> hyperparameters() {
        return hyperparameters;
    }

    /** By name or alias, in any case; a sentence listing the choices when there is none. */
    public static Algorithm named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(a -> a.id.equals(n) || a.aliases.contains(n))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown algorithm '"
                                                + name
                                                + "'; choose one of "
                                                + String.join(
                                                        ", ",
                                                        Arrays.stream(values())
                                                                .map(Algorithm::id)
                                                                .toList())));
    }
}
