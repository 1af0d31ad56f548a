package dev.knobs.domain.space;

import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the free-text hyperparameter language of the page into a {@link SearchSpace}.
 *
 * <p>One parameter per line, or several separated by commas or semicolons outside brackets; {@code
 * #} starts a comment. Accepted forms include:
 *
 * <pre>
 * learning_rate = 0.001 ~ 0.1 log       max_depth: 3..10         optimizer in [adam, sgd]
 * set epochs to 20                      trees from 50 to 300 step 50
 * kernel = rbf | linear                 batch = 32                dropout: 0.1 to 0.5
 * lr를 0.001~0.1로 해줘                  depth을 3~10으로           epochs를 20으로 해줘
 * lr를 0.001~0.1 로그 스케일로            optimizer는 adam 또는 sgd로
 * </pre>
 *
 * A range of two integer literals is an integer range; otherwise it is real-valued.
 *
 * <p>Two settings may be chosen in the same text, each on its own line: the search algorithm
 * ({@code search = tpe}, {@code use grid search}, {@code 탐색은 tpe로}) and the early-stopping rule
 * ({@code early stopping = asha}, {@code stop early with median}, {@code 조기 종료는 asha로}). The words
 * {@code search} and {@code early_stopping} are therefore not parameter names. So may one or two
 * objectives ({@code maximize accuracy, minimize latency_ms}, {@code accuracy를 최대화하고 latency_ms를
 * 최소화}; {@link ObjectiveClause}).
 *
 * <p>Every error names the line and column and what was expected, and all errors of a text are
 * reported at once.
 */
public final class SearchSpaceParser {
    private static final Set<String> SEARCH_CUES = Set.of("search", "sampler", "use");
    private static final Set<String> STOPPING_CUES =
            Set.of(
                    "early_stopping",
                    "early-stopping",
                    "early",
                    "stopping",
                    "prune",
                    "pruner",
                    "pruning");
    private static final Set<String> SETTING_FILLERS =
            Set.of(
                    "search",
                    "sampler",
                    "use",
                    "with",
                    "using",
                    "is",
                    "to",
                    "by",
                    "as",
                    "set",
                    "the",
                    "algorithm",
                    "early_stopping",
                    "early-stopping",
                    "early",
                    "stopping",
                    "stop",
                    "prune",
                    "pruner",
                    "pruning",
                    "rule",
                    "trials");
    private static final List<String> STOPPING_RULES =
            List.of("none", "median", "asha", "off", "no");

    private final List<SyntaxProblem> problems = new ArrayList<>();
    private List<Token> tokens;
    private int index;
    private String searchAlgorithm;
    private Token searchChosenAt;
    private EarlyStopping.Rule earlyStopping;
    private Token stoppingChosenAt;
    private final List<Objective> objectives = new ArrayList<>();

    private SearchSpaceParser() {}

    /** Parses {@code text}, or throws {@link SearchSpaceSyntaxException} listing every problem. */
    public static SearchSpace parse(String text) {
        return parseWithSettings(text).space();
    }

    /** Parses {@code text} with the settings it chooses (search algorithm, early stopping). */
    public static ParsedSpace parseWithSettings(String text) {
        return parseWithSettings(text, Vocabulary.OPEN);
    }

    /**
     * Parses {@code text} with the names of {@code vocabulary}: its aliases resolve to canonical
     * names and, when it is closed, other names are refused.
     */
    public static ParsedSpace parseWithSettings(String text, Vocabulary vocabulary) {
        SearchSpaceParser parser = new SearchSpaceParser();
        SearchSpace space = parser.run(text == null ? "" : text, vocabulary);
        return new ParsedSpace(
                space, parser.searchAlgorithm, parser.earlyStopping, parser.objectives);
    }

    private SearchSpace run(String text, Vocabulary vocabulary) {
        List<Parameter> parameters = new ArrayList<>();
        Map<String, Token> seen = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int l = 0; l < lines.length; l++) {
            List<Token> named = new ArrayList<>();
            for (Parameter p : line(Segments.withoutComment(lines[l]), l + 1, vocabulary, named)) {
                Token at = named.remove(0);
                Optional.ofNullable(SpaceChecks.name(p, at.line(), at.column()))
                        .ifPresent(problems::add);
                if (seen.containsKey(p.name())) {
                    problems.add(
                            SpaceChecks.definedTwice(
                                    p.name(), at.line(), at.column(), seen.get(p.name())));
                } else {
                    seen.put(p.name(), at);
                    parameters.add(p);
                }
            }
        }
        Optional.ofNullable(SpaceChecks.count(parameters)).ifPresent(problems::add);
        if (parameters.isEmpty() && problems.isEmpty()) {
            // a text of settings only still needs parameters
            problems.add(
                    new SyntaxProblem(
                            1,
                            1,
                            "expected at least one parameter, for example: learning_rate = 0.001 ~ 0.1 log"));
        }
        if (!problems.isEmpty()) {
            throw new SearchSpaceSyntaxException(problems);
        }
        return new SearchSpace(parameters);
    }

    /**
     * One line: its settings (each between commas or semicolons, with a cue word) apart, the rest
     * parsed clause by clause. The first problem of a line ends it; {@code named} gets the token
     * that names each definition.
     */
    private List<Parameter> line(
            String text, int lineNo, Vocabulary vocabulary, List<Token> named) {
        List<Parameter> definitions = new ArrayList<>();
        try {
            List<Token> all = new Lexer(text, lineNo, 0).tokens();
            List<Token> run = new ArrayList<>();
            for (List<Token> segment : segments(all)) {
                tokens = new ArrayList<>(segment);
                tokens.add(all.get(all.size() - 1));
                index = 0;
                if (ObjectiveClause.names(segment)) {
                    definitions.addAll(definitions(run, vocabulary, named));
                    run.clear();
                    objectives(ObjectiveClause.parse(segment), segment);
                } else if (setting()) {
                    definitions.addAll(definitions(run, vocabulary, named));
                    run.clear();
                } else {
                    run.addAll(segment);
                }
            }
            definitions.addAll(definitions(run, vocabulary, named));
        } catch (SearchSpaceSyntaxException e) {
            problems.addAll(e.problems());
            named.clear();
            return List.of();
        }
        return definitions;
    }

    private static List<Parameter> definitions(
            List<Token> run, Vocabulary vocabulary, List<Token> named) {
        if (run.isEmpty()) {
            return List.of();
        }
        Token last = run.get(run.size() - 1);
        List<Token> tokens = new ArrayList<>(run);
        tokens.add(
                new Token(Token.Kind.END, "", last.line(), last.column() + last.text().length()));
        return new Clauses(tokens, vocabulary).parse(named);
    }

    /** The line's tokens cut at commas and semicolons outside brackets, each keeping its cut. */
    private static List<List<Token>> segments(List<Token> all) {
        List<List<Token>> segments = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (Token t : all) {
            if (t.kind() == Token.Kind.END) {
                break;
            }
            if (t.isSymbol("[") || t.isSymbol("(") || t.isSymbol("{")) {
                depth++;
            } else if (t.isSymbol("]") || t.isSymbol(")") || t.isSymbol("}")) {
                depth = Math.max(0, depth - 1);
            }
            current.add(t);
            if (depth == 0 && (t.isSymbol(",") || t.isSymbol(";"))) {
                segments.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            segments.add(current);
        }
        return segments;
    }

    /**
     * A line that chooses the search algorithm or the early-stopping rule rather than defining a
     * parameter: it has a cue word (search, use, early stopping, prune, 탐색, 조기 종료 …) and names one
     * value. True when the line was one (and recorded, or its problem reported).
     */
    private boolean setting() {
        boolean stopping = tokens.stream().anyMatch(SearchSpaceParser::stoppingCue);
        boolean naming =
                tokens.stream()
                        .anyMatch(
                                t ->
                                        ParsedSpace.SEARCH_ALGORITHMS.contains(
                                                t.text().toLowerCase(Locale.ROOT)));
        boolean search =
                !stopping
                        && tokens.stream()
                                .anyMatch(t -> searchCue(t) && (naming || !t.isKeyword("use")));
        if (!stopping && !search) {
            return false;
        }
        List<Token> values =
                tokens.stream()
                        .filter(t -> t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.STRING)
                        .filter(t -> !SETTING_FILLERS.contains(t.text().toLowerCase(Locale.ROOT)))
                        .toList();
        String what = stopping ? "the early-stopping rule" : "the search algorithm";
        List<String> allowed = stopping ? STOPPING_RULES : ParsedSpace.SEARCH_ALGORITHMS;
        if (values.size() != 1) {
            Token at = values.isEmpty() ? tokens.get(tokens.size() - 1) : values.get(1);
            throw error(
                    at,
                    "expected one of "
                            + String.join(", ", allowed.subList(0, stopping ? 3 : allowed.size()))
                            + " for "
                            + what
                            + (values.isEmpty() ? "" : " but found " + at.describe()));
        }
        Token value = values.get(0);
        String chosen = value.text().toLowerCase(Locale.ROOT);
        if (!allowed.contains(chosen)) {
            throw error(
                    value,
                    "expected one of "
                            + String.join(", ", allowed.subList(0, stopping ? 3 : allowed.size()))
                            + " for "
                            + what
                            + " but found "
                            + value.describe()
                            + (stopping
                                    ? ""
                                    : " ('search' and 'early_stopping' choose settings, they are"
                                            + " not parameter names)"));
        }
        Token first = stopping ? stoppingChosenAt : searchChosenAt;
        if (first != null) {
            throw error(
                    value,
                    what
                            + " is already chosen at line "
                            + first.line()
                            + ", column "
                            + first.column());
        }
        if (stopping) {
            earlyStopping =
                    chosen.equals("off") || chosen.equals("no")
                            ? EarlyStopping.Rule.NONE
                            : EarlyStopping.Rule.named(chosen);
            stoppingChosenAt = value;
        } else {
            searchAlgorithm = chosen;
            searchChosenAt = value;
        }
        return true;
    }

    /** Records the objectives a segment named: at most two, each metric once. */
    private void objectives(List<Objective> named, List<Token> segment) {
        for (Objective o : named) {
            Token at =
                    segment.stream()
                            .filter(t -> t.text().equals(o.metric()))
                            .findFirst()
                            .orElse(segment.get(0));
            if (objectives.stream().anyMatch(x -> x.metric().equals(o.metric()))) {
                throw error(at, "the objective '" + o.metric() + "' is named twice");
            }
            if (objectives.size() == ParsedSpace.MAX_OBJECTIVES) {
                throw error(
                        at,
                        "at most two objectives: the first is optimised, the second traded"
                                + " against it; found a third, '"
                                + o.metric()
                                + "'");
            }
            objectives.add(o);
        }
    }

    private static boolean searchCue(Token t) {
        return (t.kind() == Token.Kind.NAME
                        && SEARCH_CUES.contains(t.text().toLowerCase(Locale.ROOT)))
                || (t.kind() == Token.Kind.WORD
                        && (t.text().startsWith("탐색") || t.text().startsWith("알고리즘")));
    }

    private static boolean stoppingCue(Token t) {
        return (t.kind() == Token.Kind.NAME
                        && STOPPING_CUES.contains(t.text().toLowerCase(Locale.ROOT)))
                || (t.kind() == Token.Kind.WORD
                        && (t.text().startsWith("조기") || t.text().startsWith("가지치기")));
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.END) {
            index++;
        }
        return t;
    }

    static SearchSpaceSyntaxException error(Token at, String message) {
        return new SearchSpaceSyntaxException(
                List.of(new SyntaxProblem(at.line(), at.column(), message)));
    }
}
