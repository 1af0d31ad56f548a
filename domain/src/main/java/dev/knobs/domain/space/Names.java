package dev.knobs.domain.space;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The name a clause starts with — one word or several, English or Korean, with a particle glued on
 * or not ({@code max depth}, {@code 트리 깊이를}, {@code learning_rate를}) — resolved through the {@link
 * Vocabulary} to the canonical name. Without a binder, the longest known first words are the name
 * and the rest its value ({@code optimizer adam}).
 */
final class Names {
    /** The most words a name may have. */
    private static final int LONGEST = 6;

    private final List<Token> tokens;
    private final Vocabulary vocabulary;

    /** A resolved name (its position: where the phrase starts) and the index after it. */
    record Found(Token name, int next) {}

    Names(List<Token> tokens, Vocabulary vocabulary) {
        this.tokens = tokens;
        this.vocabulary = vocabulary;
    }

    Found name(int i) {
        Token first = at(i);
        if (!word(first) || stops(first) || Words.modifier(first) || particle(first)) {
            throw SearchSpaceParser.error(
                    first,
                    "expected a parameter name (letters, digits, _) but found " + first.describe());
        }
        List<Token> words = new ArrayList<>();
        int j = i;
        boolean glued = false;
        while (words.size() < LONGEST && word(at(j))) {
            Token t = at(j);
            if (!words.isEmpty() && stops(t)) {
                break;
            }
            if (particle(t) || (t.kind() == Token.Kind.WORD && Words.FILLERS.contains(t.text()))) {
                break;
            }
            if (gluedParticle(t) && !known(with(words, t))) {
                words.add(stem(t));
                j++;
                glued = true;
                break;
            }
            words.add(t);
            j++;
        }
        if (!glued && words.size() > 1 && !bindsOrOpensValues(at(j))) {
            for (int n = words.size() - 1; n >= 1; n--) {
                if (known(words.subList(0, n))) {
                    words = new ArrayList<>(words.subList(0, n));
                    j = i + n;
                    break;
                }
            }
        }
        return new Found(resolve(words), j);
    }

    /** Whether the tokens at {@code j} begin a clause of their own (a name, then its values). */
    boolean startsClause(int j) {
        while (Words.in(Words.LEADS, at(j)) && at(j + 1).kind() != Token.Kind.END) {
            j++;
        }
        Token t = at(j);
        if (Words.in(Words.FILLERS, t)) {
            // "on a log scale" goes on a clause; a parameter named like a filler needs its '='
            return at(j + 1).isSymbol("=") || at(j + 1).isSymbol(":");
        }
        if (!word(t)
                || stops(t)
                || Words.modifier(t)
                || particle(t)
                || Words.in(Words.OR, t)
                || (t.kind() == Token.Kind.WORD && Words.FILLERS.contains(t.text()))) {
            return false;
        }
        int k = j;
        while (k - j < LONGEST && word(at(k))) {
            Token w = at(k);
            if (k > j && stops(w)) {
                break;
            }
            if (particle(w) || (w.kind() == Token.Kind.WORD && Words.FILLERS.contains(w.text()))) {
                break;
            }
            if (gluedParticle(w)) {
                return true;
            }
            k++;
        }
        return bindsOrOpensValues(at(k)) || k - j >= 2;
    }

    private Token resolve(List<Token> words) {
        Token at = words.get(0);
        String phrase = words.stream().map(Token::text).collect(Collectors.joining(" "));
        List<String> meanings = vocabulary.meanings(phrase);
        if (meanings.size() > 1) {
            throw SearchSpaceParser.error(
                    at,
                    "'"
                            + phrase
                            + "' has two readings: "
                            + String.join(" or ", meanings)
                            + "; write the one you mean");
        }
        if (meanings.size() == 1) {
            return new Token(Token.Kind.NAME, meanings.get(0), at.line(), at.column());
        }
        boolean single = words.size() == 1 && at.kind() == Token.Kind.NAME;
        if (single && !vocabulary.closed()) {
            return at;
        }
        String hint = vocabulary.nearest(phrase).map(n -> "; did you mean " + n + "?").orElse("");
        if (vocabulary.closed()) {
            throw SearchSpaceParser.error(
                    at,
                    vocabulary.owner()
                            + " has no hyperparameter '"
                            + phrase
                            + "'"
                            + (hint.isEmpty()
                                    ? "; it has " + String.join(", ", vocabulary.names())
                                    : hint));
        }
        throw SearchSpaceParser.error(
                at,
                "'"
                        + phrase
                        + "' is not a parameter name: a name is one word of letters, digits and _"
                        + (hint.isEmpty()
                                ? " (such as " + phrase.trim().replaceAll("\\s+", "_") + ")"
                                : hint));
    }

    private boolean known(List<Token> words) {
        String phrase = words.stream().map(Token::text).collect(Collectors.joining(" "));
        return !vocabulary.meanings(phrase).isEmpty()
                || (!vocabulary.closed()
                        && words.size() == 1
                        && words.get(0).kind() == Token.Kind.NAME);
    }

    private static List<Token> with(List<Token> words, Token t) {
        List<Token> all = new ArrayList<>(words);
        all.add(t);
        return all;
    }

    /** What ends a name: a binder, a range or list keyword, a modifier, a join. */
    private static boolean stops(Token t) {
        return Words.in(Words.BINDERS, t)
                || t.isKeyword("between", "from", "should", "must", "will", "always", "fixed")
                || (Words.in(Words.ONE_OF, t))
                || Words.modifier(t)
                || Words.in(Words.JOINS, t)
                || Words.in(Words.OR, t);
    }

    /** After a name: '=', ':', a binder or particle, or the start of its values. */
    private static boolean bindsOrOpensValues(Token t) {
        return (stops(t) && !Words.in(Words.JOINS, t) && !Words.in(Words.OR, t))
                || t.isSymbol("=")
                || t.isSymbol(":")
                || t.isSymbol("[")
                || t.isSymbol("{")
                || t.isSymbol("(")
                || t.kind() == Token.Kind.NUMBER
                || t.kind() == Token.Kind.STRING
                || particle(t);
    }

    private static boolean word(Token t) {
        return t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.WORD;
    }

    private static boolean particle(Token t) {
        return t.kind() == Token.Kind.WORD && Words.PARTICLES.contains(t.text());
    }

    /** A Korean word with 을/를/은/는/이/가 on its end: 학습률을, 깊이를. */
    private static boolean gluedParticle(Token t) {
        return t.kind() == Token.Kind.WORD
                && t.text().length() >= 2
                && !Words.FILLERS.contains(t.text())
                && Words.PARTICLES.contains(t.text().substring(t.text().length() - 1));
    }

    private static Token stem(Token t) {
        return new Token(
                Token.Kind.WORD,
                t.text().substring(0, t.text().length() - 1),
                t.line(),
                t.column());
    }

    /** The token at {@code j}, or the end when {@code j} is past it. */
    private Token at(int j) {
        return tokens.get(Math.min(j, tokens.size() - 1));
    }
}
