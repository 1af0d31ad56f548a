package dev.knobs.web.experiment;

import dev.knobs.domain.space.ParsedSpace;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.formats.dataset.DatasetProfile;
import dev.knobs.web.experiment.ExperimentRequest.ObjectiveRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objectives of a request: one or two, from {@code objective}, {@code objectives} or the text
 * of the search space ({@code maximize accuracy, minimize latency_ms}) — saying two different
 * things is an error. A built-in algorithm has defaults (accuracy or rmse) and its metrics; its
 * trainers also measure {@code model_size_kb} and {@code latency_ms}, the natural second
 * objectives. Every problem is an {@link IllegalArgumentException} (400) with a sentence.
 */
final class ObjectiveRequests {
    static final Set<String> CLASSIFICATION_METRICS = Set.of("accuracy", "macro_f1", "logloss");
    static final Set<String> REGRESSION_METRICS = Set.of("rmse", "mae", "r2");

    /** What every built-in trainer measures of its model, whatever the task. */
    static final Set<String> COST_METRICS = Set.of("model_size_kb", "latency_ms");

    private ObjectiveRequests() {}

    /** The objectives asked for (none when neither the request nor the text names one). */
    static List<ObjectiveRequest> asked(ExperimentRequest r, ParsedSpace parsed) {
        if (r.objective() != null && r.objectives() != null) {
            throw new IllegalArgumentException(
                    "give 'objective' or 'objectives' (one or two), not both");
        }
        List<ObjectiveRequest> inRequest =
                r.objectives() != null
                        ? r.objectives()
                        : r.objective() != null ? List.of(r.objective()) : List.of();
        if (inRequest.size() > ParsedSpace.MAX_OBJECTIVES) {
            throw new IllegalArgumentException(
                    "at most two objectives: the first is optimised, the second traded against"
                            + " it; found "
                            + inRequest.size());
        }
        if (r.objectives() != null && inRequest.isEmpty()) {
            throw new IllegalArgumentException("'objectives' names no objective; give one or two");
        }
        for (ObjectiveRequest o : inRequest) {
            if (o == null) {
                throw new IllegalArgumentException("an objective is null; give metric and goal");
            }
        }
        List<ObjectiveRequest> inText =
                parsed.objectives().stream()
                        .map(o -> new ObjectiveRequest(o.metric(), o.goal(), null))
                        .toList();
        // where both say an objective they must agree; either may say more (the page's form may
        // name the first and the text both, or a target only)
        for (int i = 0; i < Math.min(inText.size(), inRequest.size()); i++) {
            ObjectiveRequest a = inRequest.get(i);
            ObjectiveRequest b = inText.get(i);
            if ((a.metric() != null && !a.metric().equals(b.metric()))
                    || (a.goal() != null && a.goal() != b.goal())) {
                throw new IllegalArgumentException(
                        "the objectives in the request and in the search space differ ("
                                + describe(inRequest)
                                + " vs "
                                + describe(inText)
                                + "); say them once");
            }
        }
        List<ObjectiveRequest> merged = new ArrayList<>();
        for (int i = 0; i < Math.max(inText.size(), inRequest.size()); i++) {
            ObjectiveRequest a = i < inRequest.size() ? inRequest.get(i) : null;
            ObjectiveRequest b = i < inText.size() ? inText.get(i) : null;
            merged.add(
                    b == null
                            ? a
                            : new ObjectiveRequest(
                                    b.metric(), b.goal(), a == null ? null : a.target()));
        }
        return merged;
    }

    /**
     * The second objective, checked against the first (another metric, no target); null for one
     * objective. {@code resolve} turns a request into an objective as the primary's was.
     */
    static Objective second(
            List<ObjectiveRequest> asked,
            Objective first,
            java.util.function.Function<ObjectiveRequest, Objective> resolve) {
        if (asked.size() < 2) {
            return null;
        }
        ObjectiveRequest given = asked.get(1);
        if (given.metric() == null || given.metric().isBlank()) {
            throw new IllegalArgumentException("the second objective needs a metric");
        }
        if (given.target() != null) {
            throw new IllegalArgumentException(
                    "a target goes with the first objective only; the second is traded against it");
        }
        if (given.metric().equals(first.metric())) {
            throw new IllegalArgumentException(
                    "the two objectives are both '" + first.metric() + "'; name two metrics");
        }
        Objective second = resolve.apply(given);
        if (second == null) {
            throw new IllegalArgumentException(
                    "the second objective '"
                            + given.metric()
                            + "' needs its goal: MINIMIZE or MAXIMIZE");
        }
        return second;
    }

    /** How far below the best first objective the published model may be; null for one. */
    static Double publishWithin(Double asked, Objective second) {
        if (second == null) {
            if (asked != null) {
                throw new IllegalArgumentException(
                        "publishWithin goes with two objectives: it says how far from the best"
                                + " first objective the published model may be");
            }
            return null;
        }
        if (asked != null && !(asked >= 0 && asked <= 1)) {
            throw new IllegalArgumentException(
                    "publishWithin must be between 0 and 1 (a share of the best value: 0.01 is"
                            + " 1 %), not "
                            + asked);
        }
        return asked;
    }

    /** A custom trainer's objective: its metric and goal as given (null when either is missing). */
    static Objective requested(ObjectiveRequest wanted) {
        return wanted == null || wanted.metric() == null || wanted.goal() == null
                ? null
                : new Objective(wanted.metric(), wanted.goal(), wanted.target());
    }

    /**
     * An objective for a built-in algorithm: by default accuracy (classification) or rmse
     * (regression); otherwise one of the task's metrics or a cost the trainers measure.
     */
    static Objective builtin(ObjectiveRequest given, DatasetProfile profile, String label) {
        DatasetProfile.Column column =
                profile.columns().stream()
                        .filter(c -> c.name().equals(label))
                        .findFirst()
                        .orElseThrow();
        boolean regression = column.type().equals("numeric") && column.distinct() > 10;
        Set<String> allowed =
                new TreeSet<>(regression ? REGRESSION_METRICS : CLASSIFICATION_METRICS);
        allowed.addAll(COST_METRICS);
        Double target = given == null ? null : given.target();
        if (given == null || given.metric() == null) {
            return regression
                    ? new Objective("rmse", Objective.Goal.MINIMIZE, target)
                    : new Objective("accuracy", Objective.Goal.MAXIMIZE, target);
        }
        if (!allowed.contains(given.metric())) {
            throw new IllegalArgumentException(
                    "'"
                            + label
                            + "' makes this a "
                            + (regression ? "regression" : "classification")
                            + " task; its metrics are "
                            + String.join(", ", allowed));
        }
        Objective.Goal goal = given.goal() != null ? given.goal() : defaultGoal(given.metric());
        return new Objective(given.metric(), goal, target);
    }

    /** Accuracy-like metrics grow; errors, sizes and latencies shrink. */
    private static Objective.Goal defaultGoal(String metric) {
        return Set.of("accuracy", "macro_f1", "r2").contains(metric)
                ? Objective.Goal.MAXIMIZE
                : Objective.Goal.MINIMIZE;
    }

    private static String describe(List<ObjectiveRequest> objectives) {
        return String.join(
                ", ",
                objectives.stream()
                        .map(
                                o ->
                                        (o.goal() == null
                                                        ? ""
                                                        : o.goal()
                                                                        .name()
                                                                        .toLowerCase(
                                                                                java.util.Locale
                                                                                        .ROOT)
                                                                + " ")
                                                + o.metric())
                        .toList());
    }
}
