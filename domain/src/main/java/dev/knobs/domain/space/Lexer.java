package dev.knobs.domain.space;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of the search-space language into tokens. A {@code -} right after a number and
 * before one ({@code 3-8}) is a range's dash; elsewhere before a digit it is a sign. A {@code .}
 * that is not in a number or {@code ..} ends a sentence.
 */
final class Lexer {
    private final String text;
    private final int line;
    private final int columnOffset;
    private int pos;

    Lexer(String text, int line, int columnOffset) {
        this.text = text;
        this.line = line;
        this.columnOffset = columnOffset;
    }

    List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                tokens.add(new Token(Token.Kind.END, "", line, column(pos)));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = pos;
        char c = text.charAt(pos);
        if (c == '.' && pos + 1 < text.length() && text.charAt(pos + 1) == '.') {
            pos += 2;
            return token(Token.Kind.SYMBOL, start);
        }
        if (c == '-' && rangeDash()) {
            pos++;
            return token(Token.Kind.SYMBOL, start);
        }
        if (isNumberStart(c)) {
            return number(start);
        }
        if (c == '"' || c == '\'') {
            return string(start, c);
        }
        if (isNameStart(c)) {
            while (pos < text.length() && isNamePart(text.charAt(pos))) {
                pos++;
            }
            // "adam." ends a sentence; "log-" is not a name
            while (text.charAt(pos - 1) == '.' || text.charAt(pos - 1) == '-') {
                pos--;
            }
            return token(Token.Kind.NAME, start);
        }
        if (isHangul(c)) {
            while (pos < text.length() && isHangul(text.charAt(pos))) {
                pos++;
            }
            return token(Token.Kind.WORD, start);
        }
        if (c == '!') {
            // "…해줘!" ends a sentence like '.'
            pos++;
            return new Token(Token.Kind.SYMBOL, ".", line, column(start));
        }
        if ("=:~[](){}|,;.-".indexOf(c) >= 0) {
            pos++;
            return token(Token.Kind.SYMBOL, start);
        }
        throw new SearchSpaceSyntaxException(
                List.of(
                        new SyntaxProblem(
                                line, column(start), "unexpected character '" + c + "'")));
    }

    private Token number(int start) {
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        digits();
        if (pos + 1 < text.length()
                && text.charAt(pos) == '.'
                && Character.isDigit(text.charAt(pos + 1))) {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                pos++;
            }
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                digits();
            } else {
                pos = mark;
            }
        }
        return token(Token.Kind.NUMBER, start);
    }

    private Token string(int start, char quote) {
        pos++;
        int from = pos;
        while (pos < text.length() && text.charAt(pos) != quote) {
            pos++;
        }
        if (pos >= text.length()) {
            throw new SearchSpaceSyntaxException(
                    List.of(
                            new SyntaxProblem(
                                    line,
                                    column(start),
                                    "a quoted value is not closed: expected " + quote)));
        }
        String value = text.substring(from, pos);
        pos++;
        return new Token(Token.Kind.STRING, value, line, column(start));
    }

    private void digits() {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    /** A '-' glued between a number and a digit: 3-8, 0.01-0.3. */
    private boolean rangeDash() {
        return pos > 0
                && pos + 1 < text.length()
                && (Character.isDigit(text.charAt(pos - 1)) || text.charAt(pos - 1) == '.')
                && (Character.isDigit(text.charAt(pos + 1)) || text.charAt(pos + 1) == '.');
    }

    private boolean isNumberStart(char c) {
        if (Character.isDigit(c)) {
            return true;
        }
        if (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
            return pos == 0 || text.charAt(pos - 1) != '.'; // ".5"; not the second dot of "1..5"
        }
        boolean signed = (c == '-' || c == '+') && pos + 1 < text.length();
        return signed && (Character.isDigit(text.charAt(pos + 1)) || text.charAt(pos + 1) == '.');
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Token token(Token.Kind kind, int start) {
        return new Token(kind, text.substring(start, pos), line, column(start));
    }

    private int column(int index) {
        return columnOffset + index + 1;
    }

    static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || Character.isDigit(c) || c == '.' || c == '-';
    }

    static boolean isHangul(char c) {
        Character.UnicodeBlock b = Character.UnicodeBlock.of(c);
        return b == Character.UnicodeBlock.HANGUL_SYLLABLES
                || b == Character.UnicodeBlock.HANGUL_JAMO
                || b == Character.UnicodeBlock.HANGUL_COMPATIBILITY_JAMO;
    }
}
