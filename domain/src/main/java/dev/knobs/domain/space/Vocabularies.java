package dev.knobs.domain.space;

import dev.knobs.formats.Algorithm;
import dev.knobs.formats.HyperparameterNames;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** The vocabulary a search space is read with, by the algorithm it is for. */
public final class Vocabularies {
    /** What custom trainers are called in requests. */
    public static final String CUSTOM = "custom";

    private static final Vocabulary ANY_BUILT_IN;

    static {
        Set<String> all = new TreeSet<>();
        Arrays.stream(Algorithm.values()).forEach(a -> all.addAll(a.hyperparameters()));
        ANY_BUILT_IN = Vocabulary.of("", HyperparameterNames.of(all), false);
    }

    private Vocabularies() {}

    /**
     * A built-in algorithm's names, closed (other names are refused, with the nearest); a custom
     * trainer's open and without aliases (names as written); with no algorithm named, every
     * built-in alias resolves and other names stay as written. An unknown algorithm is an {@link
     * IllegalArgumentException} that lists the choices.
     */
    public static Vocabulary forAlgorithm(String algorithm) {
        if (algorithm == null || algorithm.isBlank()) {
            return ANY_BUILT_IN;
        }
        if (CUSTOM.equalsIgnoreCase(algorithm.trim())) {
            return Vocabulary.OPEN;
        }
        Algorithm a = Algorithm.named(algorithm);
        return Vocabulary.of(
                "algorithm '" + a.id() + "'", HyperparameterNames.of(a.hyperparameters()), true);
    }
}
