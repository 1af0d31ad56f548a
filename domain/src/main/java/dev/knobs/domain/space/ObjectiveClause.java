package dev.knobs.domain.space;

import dev.knobs.eventing.payload.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The objectives a text names, in English ({@code maximize accuracy, minimize latency_ms}, {@code
 * objective: minimize rmse}) or Korean ({@code accuracy는 최대화, latency_ms는 최소화}, {@code accuracy를
 * 최대화하고 latency_ms를 최소화해줘}): a direction word before the metric in English, after it (with its
 * particle) in Korean. The first metric named is the primary objective.
 */
final class ObjectiveClause {
    private static final Set<String> MAXIMIZE =
            Set.of("maximize", "maximise", "maximizing", "maximising");
    private static final Set<String> MINIMIZE =
            Set.of("minimize", "minimise", "minimizing", "minimising");
    private static final Set<String> FILLERS =
            Set.of(
                    "objective",
                    "objectives",
                    "goal",
                    "goals",
                    "metric",
                    "metrics",
                    "and",
                    "then",
                    "also",
                    "the",
                    "both",
                    "while");

    private ObjectiveClause() {}

    /** Whether {@code tokens} (one segment of a line) say an objective rather than a parameter. */
    static boolean names(List<Token> tokens) {
        boolean defines =
                tokens.stream()
                        .anyMatch(t -> t.isSymbol("[") || t.isSymbol("~") || t.isSymbol(".."));
        return !defines && tokens.stream().anyMatch(t -> goal(t) != null);
    }

    /** The objectives of one segment, in the order their metrics are named. */
    static List<Objective> parse(List<Token> tokens) {
        List<Objective> found = new ArrayList<>();
        boolean[] used = new boolean[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Objective.Goal goal = goal(t);
            if (goal == null) {
                continue;
            }
            used[i] = true;
            int metric =
                    t.kind() == Token.Kind.NAME ? after(tokens, i, used) : before(tokens, i, used);
            if (metric < 0) {
                throw SearchSpaceParser.error(
                        t,
                        "expected a metric "
                                + (t.kind() == Token.Kind.NAME
                                        ? "after "
                                                + t.describe()
                                                + ", for example: maximize accuracy"
                                        : "before "
                                                + t.describe()
                                                + ", for example: accuracy를 최대화"));
            }
            used[metric] = true;
            found.add(new Objective(tokens.get(metric).text(), goal));
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean word = t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.STRING;
            if (!used[i]
                    && ((word && !FILLERS.contains(t.text().toLowerCase(Locale.ROOT)))
                            || t.kind() == Token.Kind.NUMBER)) {
                throw SearchSpaceParser.error(
                        t,
                        "expected 'maximize <metric>' or 'minimize <metric>' but found "
                                + t.describe()
                                + " (an objective goes on its own line, apart from the parameters)");
            }
        }
        return found;
    }

    /** The first metric name after {@code i}, skipping fillers; -1 when none comes first. */
    private static int after(List<Token> tokens, int i, boolean[] used) {
        for (int j = i + 1; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            if (goal(t) != null) {
                return -1;
            }
            if (metric(t) && !used[j]) {
                return j;
            }
        }
        return -1;
    }

    /** The nearest unused metric name before {@code i} (Korean: the metric, its particle, 최대화). */
    private static int before(List<Token> tokens, int i, boolean[] used) {
        for (int j = i - 1; j >= 0 && !used[j]; j--) {
            if (metric(tokens.get(j))) {
                return j;
            }
        }
        return -1;
    }

    private static boolean metric(Token t) {
        return (t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.STRING)
                && !FILLERS.contains(t.text().toLowerCase(Locale.ROOT))
                && goal(t) == null;
    }

    /** The direction a token says, or null when it says none. */
    static Objective.Goal goal(Token t) {
        if (t.kind() == Token.Kind.NAME) {
            String w = t.text().toLowerCase(Locale.ROOT);
            return MAXIMIZE.contains(w)
                    ? Objective.Goal.MAXIMIZE
                    : MINIMIZE.contains(w) ? Objective.Goal.MINIMIZE : null;
        }
        if (t.kind() == Token.Kind.WORD) {
            String w = t.text();
            if (w.contains("최대화") || w.contains("최대로")) {
                return Objective.Goal.MAXIMIZE;
            }
            if (w.contains("최소화") || w.contains("최소로")) {
                return Objective.Goal.MINIMIZE;
            }
        }
        return null;
    }
}
