package dev.knobs.domain.space;

import java.util.Locale;
import java.util.Set;

/**
 * The words of the language that are not names or values, by what they do in a clause (see the
 * grammar in domain/README.md). English words match in any case.
 */
final class Words {
    private Words() {}

    /** May open a clause and mean nothing more: "set the learning rate to …", "하이퍼파라미터 …". */
    static final Set<String> LEADS =
            Set.of(
                    "set",
                    "use",
                    "try",
                    "tune",
                    "make",
                    "let",
                    "the",
                    "please",
                    "hyperparameter",
                    "hyperparameters",
                    "parameter",
                    "하이퍼파라미터",
                    "하이퍼",
                    "파라미터",
                    "파라미터는");

    /** Joins a name to its values in English. */
    static final Set<String> BINDERS = Set.of("in", "is", "to", "as", "be", "should", "over");

    /** Korean particles that end a name: 을/를/은/는/이/가. */
    static final Set<String> PARTICLES = Set.of("을", "를", "은", "는", "이", "가");

    /** Between two clauses: "…, …", "… and …", "… 하고 …", "… 그리고 …". */
    static final Set<String> JOINS = Set.of("and", "also", "then", "하고", "그리고", "해주고", "및");

    /** Between the last two choices: "a, b and c", "a 또는 b", "a | b". */
    static final Set<String> OR = Set.of("or", "and", "또는", "이나", "나", "혹은");

    /** Ranges' middles: 1 ~ 5, 1..5, 1-5, 1 to 5, 1부터 5까지, 1에서 5 사이, 1 이상 5 이하. */
    static final Set<String> RANGE_WORDS = Set.of("to", "에서", "부터", "이상", "through");

    /** Korean and English endings that carry nothing here: 로, 으로, 해줘, 찾아줘, "please". */
    static final Set<String> FILLERS =
            Set.of(
                    "로",
                    "으로",
                    "해줘",
                    "해",
                    "줘",
                    "해요",
                    "주세요",
                    "해주세요",
                    "해주라",
                    "하자",
                    "할게",
                    "설정",
                    "설정해줘",
                    "설정해",
                    "설정해주세요",
                    "로설정해줘",
                    "찾아줘",
                    "찾아",
                    "찾아주세요",
                    "골라줘",
                    "골라",
                    "골라주세요",
                    "선택",
                    "선택해줘",
                    "중",
                    "중에서",
                    "중에",
                    "중의",
                    "하나",
                    "하나로",
                    "하나를",
                    "사이",
                    "사이로",
                    "사이에서",
                    "사이의",
                    "사이값",
                    "까지",
                    "까지로",
                    "까지의",
                    "이하",
                    "이하로",
                    "이하의",
                    "범위",
                    "범위로",
                    "범위에서",
                    "범위의",
                    "범위를",
                    "값",
                    "값을",
                    "값은",
                    "값이",
                    "값으로",
                    "스케일",
                    "스케일로",
                    "스케일에서",
                    "으로요",
                    "고정",
                    "고정해줘",
                    "고정해",
                    "고정으로",
                    "고정해주세요",
                    "as",
                    "로요",
                    "please",
                    "values",
                    "value",
                    "range",
                    "uniformly",
                    "scale",
                    "scaled",
                    "on",
                    "a",
                    "an",
                    "for",
                    "it",
                    "them",
                    "each",
                    "of");

    /** Words that say a range is on a log scale. */
    static final Set<String> LOG =
            Set.of(
                    "log",
                    "log-uniform",
                    "loguniform",
                    "log-scale",
                    "logscale",
                    "log-scaled",
                    "logarithmic",
                    "logarithmically");

    static final Set<String> INTEGER = Set.of("int", "integer", "integers", "정수", "정수로", "정수형");

    static final Set<String> REAL =
            Set.of("float", "real", "double", "실수", "실수로", "실수형", "continuous");

    static final Set<String> STEP = Set.of("step", "steps", "by", "every", "간격");

    /** After a number: its step, "50 간격", "50 단위로". */
    static final Set<String> STEP_AFTER = Set.of("간격", "간격으로", "간격씩", "단위", "단위로", "씩");

    /** Opens a list of choices in English: "one of a, b, c". */
    static final Set<String> ONE_OF = Set.of("one", "any", "either");

    /** Says the value is fixed: "epochs: always 20". */
    static final Set<String> ALWAYS = Set.of("always", "fixed", "exactly");

    static boolean in(Set<String> words, Token t) {
        return (t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.WORD)
                && words.contains(t.text().toLowerCase(Locale.ROOT));
    }

    /**
     * A modifier: log, 로그, int, 정수, float, step …: never a value nor the start of a clause ({@code
     * linear} also undoes {@code log}, but may be a value: kernel = rbf | linear).
     */
    static boolean modifier(Token t) {
        return in(LOG, t)
                || in(INTEGER, t)
                || in(REAL, t)
                || in(STEP, t)
                || (t.kind() == Token.Kind.WORD && t.text().startsWith("로그"));
    }
}
