package dev.knobs.domain.space;

import dev.knobs.eventing.payload.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The definitions in one run of a line's tokens, clause by clause (the grammar is in
 * domain/README.md): {@code [lead] name [binder] [modifiers] values [modifiers] [endings]}, clauses
 * joined by {@code , ; . and 하고 그리고}. A comma or an {@code and} continues a list of choices unless
 * what follows starts a clause of its own. The first problem ends the run.
 */
final class Clauses {
    private final List<Token> tokens;
    private final Names names;
    private int index;

    /** What modifiers said: log scale, a step, integer or real. */
    private static final class Modifiers {
        boolean log;
        Token step;
        Boolean integer;
    }

    Clauses(List<Token> tokens, Vocabulary vocabulary) {
        this.tokens = tokens;
        this.names = new Names(tokens, vocabulary);
    }

    /** The run's definitions; {@code named} gets the token that names each. */
    List<Parameter> parse(List<Token> named) {
        List<Parameter> definitions = new ArrayList<>();
        while (true) {
            skipSeparators();
            if (peek().kind() == Token.Kind.END) {
                return definitions;
            }
            definitions.add(clause(named));
            Token after = peek();
            if (after.kind() != Token.Kind.END && !separator(after)) {
                throw SearchSpaceParser.error(
                        after,
                        "expected the end of the definition of '"
                                + named.get(named.size() - 1).text()
                                + "' (or ',', 'and' or 하고 before the next one) but found "
                                + after.describe());
            }
        }
    }

    private static boolean separator(Token t) {
        return t.isSymbol(",") || t.isSymbol(";") || t.isSymbol(".") || Words.in(Words.JOINS, t);
    }

    private void skipSeparators() {
        while (separator(peek())) {
            next();
        }
    }

    private Parameter clause(List<Token> named) {
        while (Words.in(Words.LEADS, peek())
                && at(index + 1).kind() != Token.Kind.END
                && !binder(at(index + 1))) {
            next();
        }
        Names.Found found = names.name(index);
        index = found.next();
        Token name = found.name();
        named.add(name);
        Modifiers mods = new Modifiers();
        binderOf(name);
        modifiers(mods);
        Values values = values(name);
        modifiers(mods);
        return Values.build(name, values, mods.log, mods.step, mods.integer);
    }

    /** '=', ':', in, is, to, as, should be, or a Korean particle: consumed. */
    private void binderOf(Token name) {
        Token t = peek();
        if (t.isSymbol("=") || t.isSymbol(":") || Words.in(Words.PARTICLES, t)) {
            next();
        } else if (t.isKeyword("should", "must", "will")) {
            next();
            if (peek().isKeyword("be")) {
                next();
            }
        } else if (Words.in(Words.BINDERS, t)) {
            next();
        }
        while (Words.in(Words.FILLERS, peek()) && peek().kind() == Token.Kind.WORD) {
            next(); // 값을, 값은 …
        }
    }

    private static boolean binder(Token t) {
        return t.isSymbol("=") || t.isSymbol(":") || Words.in(Words.BINDERS, t);
    }

    private Values values(Token name) {
        Token t = peek();
        if ((t.isSymbol("[") || t.isSymbol("{") || t.isSymbol("(")) && !logInBrackets()) {
            return new Values.Choices(list());
        }
        if (Words.in(Words.ONE_OF, t) && at(index + 1).isKeyword("of")) {
            next();
            next();
            return choices(value(name), true);
        }
        if (t.isKeyword("either") && isValue(at(index + 1))) {
            next();
            return choices(value(name), true);
        }
        if (t.isKeyword("between")) {
            next();
            Token low = number("a number after 'between'");
            if (!(peek().isKeyword("and") || rangeMark(peek()))) {
                throw SearchSpaceParser.error(
                        peek(), "expected 'and' after 'between " + low.text() + "'");
            }
            next();
            return new Values.Range(low, number("a number after 'and'"));
        }
        if (t.isKeyword("from")) {
            next();
            Token low = number("a number after 'from'");
            if (!rangeMark(peek())) {
                throw SearchSpaceParser.error(
                        peek(), "expected 'to' after 'from " + low.text() + "'");
            }
            next();
            return new Values.Range(low, number("a number after 'to'"));
        }
        if (Words.in(Words.ALWAYS, t)) {
            next();
            return new Values.Fixed(Values.scalar(value(name)));
        }
        Token first = value(name);
        Token after = peek();
        if (rangeMark(after)) {
            if (first.kind() != Token.Kind.NUMBER) {
                throw SearchSpaceParser.error(
                        first,
                        "expected a number at the start of a range but found " + first.describe());
            }
            next();
            return new Values.Range(first, number("a number after " + after.describe()));
        }
        if (first.kind() == Token.Kind.NUMBER
                && after.kind() == Token.Kind.NUMBER
                && !Words.in(Words.STEP_AFTER, at(index + 1))) {
            throw twoReadings(first, after, " ");
        }
        return choices(first, false);
    }

    /** A '(log)' after the name: a modifier, not a list. */
    private boolean logInBrackets() {
        return peek().isSymbol("(") && Words.in(Words.LOG, at(index + 1));
    }

    private static boolean rangeMark(Token t) {
        return t.isSymbol("~")
                || t.isSymbol("..")
                || t.isSymbol("-")
                || Words.in(Words.RANGE_WORDS, t);
    }

    /**
     * {@code first}, then more choices while a comma, '|', or/and/또는 is followed by a value that
     * does not start a clause; a single value is fixed. Two numbers joined by 'and' alone have two
     * readings.
     */
    private Values choices(Token first, boolean listed) {
        List<Token> values = new ArrayList<>(List.of(first));
        List<String> joins = new ArrayList<>();
        while (true) {
            int j = index;
            StringBuilder join = new StringBuilder();
            if (at(j).isSymbol(",") || at(j).isSymbol("|")) {
                join.append(at(j).text());
                j++;
            }
            if (Words.in(Words.OR, at(j))) {
                join.append(at(j).text().toLowerCase(java.util.Locale.ROOT));
                j++;
            }
            if (j > index && at(j).kind() == Token.Kind.END && Words.in(Words.OR, at(j - 1))) {
                throw SearchSpaceParser.error(
                        at(j), "expected a value after " + at(j - 1).describe());
            }
            if (j > index && Words.modifier(at(j)) && at(j).kind() == Token.Kind.NAME) {
                throw SearchSpaceParser.error(
                        at(j),
                        "'"
                                + at(j).text()
                                + "' is a word of the language here (a scale, a kind or a step);"
                                + " to choose the value "
                                + at(j).text()
                                + ", quote it: \""
                                + at(j).text()
                                + "\"");
            }
            if (j == index || !isValue(at(j)) || names.startsClause(j) || !continues(at(j + 1))) {
                break;
            }
            joins.add(join.toString());
            index = j;
            values.add(next());
        }
        if (values.size() == 1) {
            return listed
                    ? new Values.Choices(List.of(Values.scalar(first)))
                    : new Values.Fixed(Values.scalar(first));
        }
        if (!listed
                && joins.equals(List.of("and"))
                && values.stream().allMatch(v -> v.kind() == Token.Kind.NUMBER)) {
            throw twoReadings(values.get(0), values.get(1), " and ");
        }
        return new Values.Choices(values.stream().map(Values::scalar).collect(Collectors.toList()));
    }

    /** What may follow a choice in a list: a separator, the end, a modifier or an ending. */
    private static boolean continues(Token t) {
        return t.kind() == Token.Kind.END
                || separator(t)
                || t.isSymbol("|")
                || Words.in(Words.OR, t)
                || Words.modifier(t)
                || (Words.in(Words.FILLERS, t) && t.kind() == Token.Kind.WORD);
    }

    private static boolean isValue(Token t) {
        return t.kind() == Token.Kind.NUMBER
                || t.kind() == Token.Kind.STRING
                || (t.kind() == Token.Kind.NAME && !Words.modifier(t));
    }

    private static SearchSpaceSyntaxException twoReadings(Token a, Token b, String between) {
        return SearchSpaceParser.error(
                a,
                "'"
                        + a.text()
                        + between
                        + b.text()
                        + "' has two readings: the values "
                        + a.text()
                        + " and "
                        + b.text()
                        + ", or a range from "
                        + a.text()
                        + " to "
                        + b.text()
                        + "; write ["
                        + a.text()
                        + ", "
                        + b.text()
                        + "] or "
                        + a.text()
                        + " ~ "
                        + b.text());
    }

    /** log, (log), 로그, int, 정수, float, step n, n 간격, every n, fillers: anywhere in a clause. */
    private void modifiers(Modifiers mods) {
        while (true) {
            Token t = peek();
            Token then = at(index + 1);
            if (Words.in(Words.LOG, t)
                    || (t.kind() == Token.Kind.WORD && t.text().startsWith("로그"))) {
                mods.log = true;
            } else if (t.isSymbol("(") && Words.in(Words.LOG, then)) {
                next();
                next();
                expectSymbol(")");
                mods.log = true;
                continue;
            } else if (t.isKeyword("linear")) {
                mods.log = false;
            } else if (Words.in(Words.INTEGER, t)) {
                mods.integer = true;
            } else if (Words.in(Words.REAL, t)) {
                mods.integer = false;
                if (then.isKeyword("number", "numbers")) {
                    next();
                }
            } else if (t.isKeyword("in") && then.isKeyword("steps", "step")) {
                next();
                continue;
            } else if (Words.in(Words.STEP, t)) {
                next();
                if (peek().isKeyword("of", "size")) {
                    next();
                }
                mods.step = number("a step size after " + t.describe());
                continue;
            } else if (t.kind() == Token.Kind.NUMBER && Words.in(Words.STEP_AFTER, then)) {
                mods.step = t;
                next();
            } else if (t.isSymbol(",") && (Words.modifier(then) || then.isKeyword("on"))) {
                // "…, log scale": the summary's form
            } else if (!(Words.in(Words.FILLERS, t) && !names.startsClause(index))) {
                return;
            }
            next();
        }
    }

    private List<Object> list() {
        Token open = next();
        String close = open.isSymbol("[") ? "]" : open.isSymbol("{") ? "}" : ")";
        List<Object> values = new ArrayList<>();
        if (peek().isSymbol(close)) {
            throw SearchSpaceParser.error(peek(), "expected at least one value in the list");
        }
        while (true) {
            values.add(Values.scalar(value(null)));
            Token t = peek();
            if (t.isSymbol(close)) {
                next();
                return values;
            }
            if (t.kind() == Token.Kind.END) {
                throw SearchSpaceParser.error(
                        t,
                        "expected '"
                                + close
                                + "' to close the list opened at column "
                                + open.column());
            }
            if (t.isSymbol("|") || t.isSymbol(",")) {
                next();
            } else {
                throw SearchSpaceParser.error(
                        t, "expected ',' or '" + close + "' in the list but found " + t.describe());
            }
        }
    }

    private Token value(Token name) {
        Token t = next();
        boolean ok =
                t.kind() == Token.Kind.NUMBER
                        || t.kind() == Token.Kind.STRING
                        || (t.kind() == Token.Kind.NAME && !Words.modifier(t));
        if (!ok) {
            if (t.kind() == Token.Kind.END && name != null) {
                throw SearchSpaceParser.error(
                        t,
                        "expected a value, a range such as 0.001 ~ 0.1, or a list such as [adam,"
                                + " sgd] for '"
                                + name.text()
                                + "'");
            }
            throw SearchSpaceParser.error(
                    t,
                    "expected a value"
                            + (name == null ? "" : " for '" + name.text() + "'")
                            + " but found "
                            + t.describe());
        }
        return t;
    }

    private Token number(String what) {
        Token t = next();
        if (t.kind() != Token.Kind.NUMBER) {
            throw SearchSpaceParser.error(t, "expected " + what + " but found " + t.describe());
        }
        return t;
    }

    private void expectSymbol(String symbol) {
        Token t = next();
        if (!t.isSymbol(symbol)) {
            throw SearchSpaceParser.error(t, "expected '" + symbol + "' but found " + t.describe());
        }
    }

    private Token peek() {
        return at(index);
    }

    private Token next() {
        Token t = at(index);
        if (t.kind() != Token.Kind.END) {
            index++;
        }
        return t;
    }

    /** The token at {@code j}, or the end when {@code j} is past it. */
    private Token at(int j) {
        return tokens.get(Math.min(j, tokens.size() - 1));
    }
}
