package dev.knobs.eventing.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;

/**
 * How an experiment stops unpromising trials from their intermediate results ({@code
 * trial-progress}).
 *
 * <ul>
 *   <li>{@code median}: at a step, a trial whose value is worse than the median of the values other
 *       trials reported at the same step is stopped — once at least {@code minTrials} others
 *       reported that step and from step {@code minSteps} on.
 *   <li>{@code asha}: asynchronous successive halving; rungs at {@code minSteps × η^k}; a trial
 *       that reaches a rung goes on only while its value is in the best 1/η of the values recorded
 *       at that rung.
 * </ul>
 *
 * Absent fields take the defaults below.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EarlyStopping(
        Rule rule, Integer minSteps, Integer minTrials, Integer reductionFactor) {
    public enum Rule {
        NONE,
        MEDIAN,
        ASHA;

        @JsonCreator
        public static Rule named(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown early-stopping rule '" + name + "'; choose none, median or asha");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final int DEFAULT_MIN_STEPS = 1;
    public static final int DEFAULT_MIN_TRIALS = 5;
    public static final int DEFAULT_REDUCTION_FACTOR = 3;

    public static final EarlyStopping NONE = new EarlyStopping(Rule.NONE, null, null, null);

    public EarlyStopping {
        if (rule == null) {
            rule = Rule.NONE;
        }
        if (minSteps != null && minSteps < 1) {
            throw new IllegalArgumentException("earlyStopping.minSteps must be at least 1");
        }
        if (minTrials != null && minTrials < 1) {
            throw new IllegalArgumentException("earlyStopping.minTrials must be at least 1");
        }
        if (reductionFactor != null && (reductionFactor < 2 || reductionFactor > 10)) {
            throw new IllegalArgumentException(
                    "earlyStopping.reductionFactor must be between 2 and 10");
        }
    }

    /** The short form {@code "asha"}: the rule with its defaults. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EarlyStopping named(String rule) {
        return of(Rule.named(rule));
    }

    public static EarlyStopping of(Rule rule) {
        return new EarlyStopping(rule, null, null, null);
    }

    public boolean enabled() {
        return rule != Rule.NONE;
    }

    public int steps() {
        return minSteps == null ? DEFAULT_MIN_STEPS : minSteps;
    }

    public int trials() {
        return minTrials == null ? DEFAULT_MIN_TRIALS : minTrials;
    }

    public int eta() {
        return reductionFactor == null ? DEFAULT_REDUCTION_FACTOR : reductionFactor;
    }
}
