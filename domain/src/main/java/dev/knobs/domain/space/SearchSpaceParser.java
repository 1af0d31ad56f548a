package dev.knobs.domain.space;

import dev.knobs.eventing.payload.EarlyStopping;
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
 * {@code search} and {@code early_stopping} are therefore not parameter names.
 *
 * <p>Every error names the line and column and what was expected, and all errors of a text are
 * reported at once.
 */
public final class SearchSpaceParser {
    private static final Set<String> KOREAN_PARTICLES = Set.of("을", "를", "은", "는", "이", "가", "의");
    private static final Set<String> KOREAN_FILLERS =
            Set.of(
                    "로", "으로", "해줘", "해", "해요", "주세요", "해주세요", "줘", "설정", "설정해줘", "설정해", "중", "중에서",
                    "하나", "하나로", "사이", "사이로", "사이에서", "까지", "까지로", "범위", "범위로", "에서", "골라줘", "선택",
                    "스케일", "스케일로");
    private static final Set<String> LOG_WORDS =
            Set.of("log", "log-uniform", "loguniform", "log-scale", "logscale", "log-scaled");

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

    private SearchSpaceParser() {}

    /** Parses {@code text}, or throws {@link SearchSpaceSyntaxException} listing every problem. */
    public static SearchSpace parse(String text) {
        return parseWithSettings(text).space();
    }

    /** Parses {@code text} with the settings it chooses (search algorithm, early stopping). */
    public static ParsedSpace parseWithSettings(String text) {
        SearchSpaceParser parser = new SearchSpaceParser();
        SearchSpace space = parser.run(text == null ? "" : text);
        return new ParsedSpace(space, parser.searchAlgorithm, parser.earlyStopping);
    }

    private SearchSpace run(String text) {
        List<Parameter> parameters = new ArrayList<>();
        Map<String, Token> seen = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int l = 0; l < lines.length; l++) {
            for (Segments.Segment segment : Segments.of(lines[l], l + 1)) {
                Parameter p = definition(segment);
                if (p == null) {
                    continue;
                }
                Optional.ofNullable(SpaceChecks.name(p, segment.line(), segment.column()))
                        .ifPresent(problems::add);
                if (seen.containsKey(p.name())) {
                    problems.add(
                            SpaceChecks.definedTwice(
                                    p.name(),
                                    segment.line(),
                                    segment.column(),
                                    seen.get(p.name())));
                } else {
                    seen.put(
                            p.name(),
                            new Token(Token.Kind.NAME, p.name(), segment.line(), segment.column()));
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

    private Parameter definition(Segments.Segment segment) {
        try {
            tokens = new Lexer(segment.text(), segment.line(), segment.column() - 1).tokens();
            index = 0;
            if (setting()) {
                return null;
            }
            return parseDefinition();
        } catch (SearchSpaceSyntaxException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private Parameter parseDefinition() {
        Token name;
        if (peek().isKeyword("set")
                && tokens.size() > 2
                && tokens.get(1).kind() == Token.Kind.NAME) {
            next();
            name = expectName();
            if (!(peek().isKeyword("to") || peek().isSymbol("=") || peek().isKeyword("as"))) {
                throw error(peek(), "expected 'to' after 'set " + name.text() + "'");
            }
            next();
        } else {
            name = expectName();
            Token t = peek();
            if (t.kind() == Token.Kind.WORD && KOREAN_PARTICLES.contains(t.text())) {
                next();
            } else if (t.isKeyword("from")) {
                return finish(name, parseFromTo());
            } else if (t.isSymbol("=") || t.isSymbol(":") || t.isKeyword("in", "is", "between")) {
                next();
            } else {
                throw error(
                        t,
                        "expected '=', ':', 'in' or 'from' after the parameter name '"
                                + name.text()
                                + "' (or a Korean particle such as 를)");
            }
        }
        return finish(name, parseValues(name));
    }

    /**
     * A line that chooses the search algorithm or the early-stopping rule rather than defining a
     * parameter: it has a cue word (search, use, early stopping, prune, 탐색, 조기 종료 …) and names one
     * value. True when the line was one (and recorded, or its problem reported).
     */
    private boolean setting() {
        boolean stopping = tokens.stream().anyMatch(SearchSpaceParser::stoppingCue);
        boolean search = !stopping && tokens.stream().anyMatch(SearchSpaceParser::searchCue);
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

    private Values parseFromTo() {
        next(); // from
        Token low = expectNumber("a number after 'from'");
        if (!(peek().isKeyword("to") || peek().isSymbol("~") || peek().isSymbol(".."))) {
            throw error(peek(), "expected 'to' after 'from " + low.text() + "'");
        }
        next();
        return new Values.Range(low, expectNumber("a number after 'to'"));
    }

    private Values parseValues(Token name) {
        Token first = peek();
        if (first.isSymbol("[") || first.isSymbol("{") || first.isSymbol("(")) {
            return new Values.Choices(parseList());
        }
        if (first.kind() == Token.Kind.END) {
            throw error(
                    first,
                    "expected a value, a range such as 0.001 ~ 0.1, or a list such as [adam, sgd] for '"
                            + name.text()
                            + "'");
        }
        Token v = next();
        if (v.kind() == Token.Kind.WORD || v.kind() == Token.Kind.SYMBOL) {
            throw error(v, "expected a value for '" + name.text() + "' but found " + v.describe());
        }
        Token sep = peek();
        if (sep.isSymbol("~") || sep.isSymbol("..") || sep.isKeyword("to", "에서", "부터")) {
            if (v.kind() != Token.Kind.NUMBER) {
                throw error(
                        v, "expected a number at the start of a range but found " + v.describe());
            }
            next();
            return new Values.Range(v, expectNumber("a number after " + sep.describe()));
        }
        if (sep.isSymbol("|") || sep.isKeyword("or", "또는", "이나", "나", "혹은")) {
            List<Object> choices = new ArrayList<>();
            choices.add(Values.scalar(v));
            while (peek().isSymbol("|") || peek().isKeyword("or", "또는", "이나", "나", "혹은")) {
                next();
                choices.add(Values.scalar(expectValue()));
            }
            return new Values.Choices(choices);
        }
        return new Values.Fixed(Values.scalar(v));
    }

    private List<Object> parseList() {
        Token open = next();
        String close = open.isSymbol("[") ? "]" : open.isSymbol("{") ? "}" : ")";
        List<Object> values = new ArrayList<>();
        if (peek().isSymbol(close)) {
            throw error(peek(), "expected at least one value in the list");
        }
        while (true) {
            values.add(Values.scalar(expectValue()));
            Token t = peek();
            if (t.isSymbol(close)) {
                next();
                return values;
            }
            if (t.kind() == Token.Kind.END) {
                throw error(
                        t,
                        "expected '"
                                + close
                                + "' to close the list opened at column "
                                + open.column());
            }
            if (t.isSymbol("|") || t.isSymbol(",")) {
                next();
            } else {
                throw error(
                        t, "expected ',' or '" + close + "' in the list but found " + t.describe());
            }
        }
    }

    private Parameter finish(Token name, Values values) {
        boolean log = false;
        Token step = null;
        Boolean integer = null;
        while (peek().kind() != Token.Kind.END) {
            Token t = next();
            if (t.kind() == Token.Kind.NAME && LOG_WORDS.contains(t.text().toLowerCase())) {
                log = true;
                if (peek().isKeyword("scale", "scaled")) {
                    next();
                }
            } else if (t.kind() == Token.Kind.WORD && t.text().startsWith("로그")) {
                log = true;
            } else if (t.isKeyword("linear", "uniform")) {
                log = false;
            } else if (t.isKeyword("step", "by", "간격")) {
                step = expectNumber("a step size after " + t.describe());
            } else if (t.kind() == Token.Kind.NUMBER
                    && peek().isKeyword("간격", "간격으로", "단위", "단위로")) {
                step = t;
                next();
            } else if (t.isKeyword("int", "integer", "정수", "정수로")) {
                integer = true;
            } else if (t.isKeyword("float", "real", "double", "실수", "실수로")) {
                integer = false;
            } else if (t.isSymbol("(")
                    && peek().kind() == Token.Kind.NAME
                    && LOG_WORDS.contains(peek().text().toLowerCase())) {
                next();
                log = true;
                expectSymbol(")");
            } else if (t.kind() == Token.Kind.WORD && KOREAN_FILLERS.contains(t.text())) {
                // Korean endings such as 로, 으로, 해줘 carry no meaning here
            } else {
                throw error(
                        t,
                        "expected 'log', 'step N', 'int' or the end of the definition of '"
                                + name.text()
                                + "' but found "
                                + t.describe());
            }
        }
        return Values.build(name, values, log, step, integer);
    }

    private Token expectName() {
        Token t = next();
        if (t.kind() != Token.Kind.NAME) {
            throw error(
                    t, "expected a parameter name (letters, digits, _) but found " + t.describe());
        }
        return t;
    }

    private Token expectNumber(String what) {
        Token t = next();
        if (t.kind() != Token.Kind.NUMBER) {
            throw error(t, "expected " + what + " but found " + t.describe());
        }
        return t;
    }

    private Token expectValue() {
        Token t = next();
        if (t.kind() != Token.Kind.NUMBER
                && t.kind() != Token.Kind.NAME
                && t.kind() != Token.Kind.STRING) {
            throw error(t, "expected a value but found " + t.describe());
        }
        return t;
    }

    private void expectSymbol(String symbol) {
        Token t = next();
        if (!t.isSymbol(symbol)) {
            throw error(t, "expected '" + symbol + "' but found " + t.describe());
        }
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
