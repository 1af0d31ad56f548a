package dev.knobs.domain.space;

/**
 * One lexical token of the search-space language, with the 1-based line and column it starts at.
 */
record Token(Kind kind, String text, int line, int column) {
    enum Kind {
        /** A parameter name or a bare word value: ASCII letters, digits, _ . - */
        NAME,
        /** A run of Hangul: Korean particles and phrases such as 를, 으로, 해줘. */
        WORD,
        NUMBER,
        STRING,
        /** One of = : ~ [ ] ( ) { } | , ; . - or the two-character {@code ..} */
        SYMBOL,
        END
    }

    boolean is(Kind k, String t) {
        return kind == k && text.equalsIgnoreCase(t);
    }

    boolean isSymbol(String t) {
        return kind == Kind.SYMBOL && text.equals(t);
    }

    boolean isKeyword(String... words) {
        if (kind != Kind.NAME && kind != Kind.WORD) {
            return false;
        }
        for (String w : words) {
            if (text.equalsIgnoreCase(w)) {
                return true;
            }
        }
        return false;
    }

    String describe() {
        return switch (kind) {
            case END -> "the end of the definition";
            case STRING -> "\"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
