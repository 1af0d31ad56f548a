package dev.knobs.domain.experiment;

import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Objective;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The one definition of an experiment's ranking, used by the functions (which select the best and
 * publish it) and by the front (which shows the top ten): succeeded trials by objective value, best
 * first, ties going to the earlier trial.
 *
 * <p>With two objectives the ranking stays by the first, but the trial the publishing rule picks
 * ({@link #published}) comes first — it is the one published — and the Pareto front of the two
 * ({@link #front}) is shown beside it.
 */
public final class Leaderboard {
    /** How many trials the leaderboard shows and {@code best-selected} carries. */
    public static final int SIZE = 10;

    private Leaderboard() {}

    /** The Panache query over trials; its parameters are {@link #parameters(String)}. */
    public static String query(boolean maximize) {
        return "experimentId = ?1 and state = ?2 order by objectiveValue "
                + (maximize ? "desc" : "asc")
                + ", number";
    }

    public static Object[] parameters(String experimentId) {
        return new Object[] {experimentId, TrialState.SUCCEEDED};
    }

    /**
     * The leaderboard of {@code byPrimary} (the succeeded trials in {@link #query} order): its
     * first {@code size}, the published trial moved first when the experiment has two objectives.
     */
    public static List<Trial> ordered(List<Trial> byPrimary, ExperimentSpec spec, int size) {
        List<Trial> order = new ArrayList<>(byPrimary);
        if (spec.twoObjectives()) {
            Trial pick = published(byPrimary, spec);
            if (pick != null) {
                order.remove(pick);
                order.add(0, pick);
            }
        }
        return order.subList(0, Math.min(size, order.size()));
    }

    /**
     * The trials of {@code succeeded} on the Pareto front of the two objectives (no other trial is
     * at least as good on both and better on one), by the first objective, best first.
     */
    public static List<Trial> front(List<Trial> succeeded, ExperimentSpec spec) {
        return scoredFront(succeeded, spec).stream().map(Scored::trial).toList();
    }

    /**
     * The publishing rule of a two-objective experiment: of the Pareto front, the trials whose
     * first objective is within {@link ExperimentSpec#publishWithin()} (relative) of the best
     * value; of these, the best on the second objective; ties to the earlier trial. Null without a
     * succeeded trial.
     */
    public static Trial published(List<Trial> succeeded, ExperimentSpec spec) {
        List<Scored> front = scoredFront(succeeded, spec);
        if (front.isEmpty()) {
            return null;
        }
        double best = front.get(0).point()[0];
        double allowed =
                best + spec.publishWithin() * Math.abs(best) + 1e-12 * Math.max(1, Math.abs(best));
        Scored pick = null;
        for (Scored s : front) {
            double[] p = s.point();
            if (p[0] <= allowed
                    && (pick == null
                            || p[1] < pick.point()[1]
                            || (p[1] == pick.point()[1]
                                    && s.trial().number < pick.trial().number))) {
                pick = s;
            }
        }
        return pick.trial();
    }

    /** A trial with its two values as minimised, read once. */
    private record Scored(Trial trial, double[] point) {}

    private static List<Scored> scoredFront(List<Trial> succeeded, ExperimentSpec spec) {
        List<Scored> sorted = new ArrayList<>();
        for (Trial t : succeeded) {
            sorted.add(new Scored(t, point(t, spec)));
        }
        sorted.sort(
                Comparator.<Scored>comparingDouble(s -> s.point()[0])
                        .thenComparingInt(s -> s.trial().number));
        List<double[]> points = sorted.stream().map(Scored::point).toList();
        return Pareto.front(points).stream().map(sorted::get).toList();
    }

    /** The value of the second objective {@code t} reported (NaN when it reported none). */
    public static double secondValue(Trial t, ExperimentSpec spec) {
        if (t.metrics == null || !spec.twoObjectives()) {
            return Double.NaN;
        }
        Map<String, Double> metrics = Json.read(t.metrics, Json.NUMBERS);
        Double v = metrics.get(spec.secondObjective().metric());
        return v == null ? Double.NaN : v;
    }

    /** A trial's two values as minimised (a value to maximise negated). */
    static double[] point(Trial t, ExperimentSpec spec) {
        return new double[] {
            minimised(t.objectiveValue == null ? Double.NaN : t.objectiveValue, spec.objective()),
            minimised(secondValue(t, spec), spec.secondObjective())
        };
    }

    private static double minimised(double v, Objective o) {
        return o.goal() == Objective.Goal.MAXIMIZE ? -v : v;
    }
}
