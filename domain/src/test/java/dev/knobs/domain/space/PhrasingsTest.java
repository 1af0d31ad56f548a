package dev.knobs.domain.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What people type into the hyperparameter field, in Korean and in English ({@code
 * space/phrasings.tsv}: the algorithm, the sentence, the space it must mean), and the round trip:
 * the summary the page shows under the field, typed back in, means the same space.
 */
class PhrasingsTest {
    record Row(int line, String algorithm, String text, String expected) {}

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = PhrasingsTest.class.getResourceAsStream("/space/phrasings.tsv")) {
            List<String> lines =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("#") || lines.get(i).isBlank()) {
                    continue;
                }
                String[] cells = lines.get(i).split("\t");
                rows.add(new Row(i + 1, cells[0], cells[1], cells[2]));
            }
        }
        return rows;
    }

    static Vocabulary vocabulary(String algorithm) {
        return Vocabularies.forAlgorithm(algorithm.equals("-") ? null : algorithm);
    }

    @Test
    void everyPhrasingMeansItsSpaceAndItsSummaryMeansItAgain() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(200);
        long korean =
                rows.stream().filter(r -> r.text().codePoints().anyMatch(c -> c >= 0xAC00)).count();
        assertThat(korean).isGreaterThanOrEqualTo(100);
        assertThat(rows.size() - korean).isGreaterThanOrEqualTo(100);
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            Vocabulary v = vocabulary(row.algorithm());
            String got;
            SearchSpace space = null;
            try {
                space = SearchSpaceParser.parseWithSettings(row.text(), v).space();
                got = notation(space);
            } catch (SearchSpaceSyntaxException e) {
                got = "400 " + e.getMessage();
            }
            if (!got.equals(row.expected())) {
                wrong.add(
                        "line "
                                + row.line()
                                + ": "
                                + row.text()
                                + "\n    want "
                                + row.expected()
                                + "\n    got  "
                                + got);
                continue;
            }
            String summary = String.join("\n", SearchSpaces.describe(space));
            try {
                SearchSpace again = SearchSpaceParser.parseWithSettings(summary, v).space();
                if (!again.equals(space)) {
                    wrong.add(
                            "line "
                                    + row.line()
                                    + ": the summary\n"
                                    + summary
                                    + "\n    means "
                                    + notation(again));
                }
            } catch (SearchSpaceSyntaxException e) {
                wrong.add(
                        "line "
                                + row.line()
                                + ": the summary\n"
                                + summary
                                + "\n    is refused: "
                                + e.getMessage());
            }
        }
        assertThat(wrong).as(String.join("\n", wrong)).isEmpty();
    }

    /** Sentences with two readings, and wrong ones: a 400 with a sentence, at line and column. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
            linear  | batch size 32 64                 | 1 | 12 | '32 64' has two readings: the values 32 and 64, or a range from 32 to 64; write [32, 64] or 32 ~ 64
            xgboost | max_depth 3 and 8                | 1 | 11 | '3 and 8' has two readings: the values 3 and 8, or a range from 3 to 8
            custom  | x = 3 -5                         | 1 | 5  | '3 -5' has two readings: the values 3 and -5, or a range from 3 to -5
            xgboost | 트리 깊이를 3 8로 해줘              | 1 | 8  | '3 8' has two readings
            xgboost | max dept = 3~8                   | 1 | 1  | algorithm 'xgboost' has no hyperparameter 'max dept'; did you mean max_depth?
            xgboost | learnin_rate를 0.1로              | 1 | 1  | algorithm 'xgboost' has no hyperparameter 'learnin_rate'; did you mean learning_rate?
            xgboost | 학습룰을 0.1로                     | 1 | 1  | algorithm 'xgboost' has no hyperparameter '학습룰'; did you mean learning_rate?
            xgboost | dropout = 0.1 ~ 0.5              | 1 | 1  | algorithm 'xgboost' has no hyperparameter 'dropout'; it has alpha, colsample_bytree, gamma, lambda, learning_rate, max_depth, min_child_weight, n_estimators, subsample
            custom  | learning rate = 0.1              | 1 | 1  | 'learning rate' is not a parameter name: a name is one word of letters, digits and _ (such as learning_rate)
            custom  | 학습률을 0.1로 해줘                 | 1 | 1  | '학습률' is not a parameter name
            linear  | loss function: hinge or log      | 1 | 25 | 'log' is a word of the language here (a scale, a kind or a step); to choose the value log, quote it: "log"
            xgboost | 트리 깊이를 8~3으로                 | 1 | 1  | max_depth: low (8) must not be above high (3)
            xgboost | max_depth = 3~8, n_estimators    | 1 | 30 | expected a value, a range such as 0.001 ~ 0.1, or a list such as [adam, sgd] for 'n_estimators'
            xgboost | learning rate 0.1 fast           | 1 | 19 | expected the end of the definition of 'learning_rate'
            xgboost | between 1 and 5                  | 1 | 1  | expected a parameter name
            -       | learning_rate를 0.1~            | 1 | 20 | expected a number after '~'
            xgboost | max_depth를 3~8 로그로, 학습률은 0.1 또는 | 1 | 32 | expected a value after '또는'
            """)
    void ambiguousAndWrongSentencesAreRefusedWithASentence(
            String algorithm, String text, int line, int column, String message) {
        assertThatThrownBy(() -> SearchSpaceParser.parseWithSettings(text, vocabulary(algorithm)))
                .isInstanceOfSatisfying(
                        SearchSpaceSyntaxException.class,
                        e -> {
                            SyntaxProblem p = e.problems().get(0);
                            assertThat(p.message()).contains(message);
                            assertThat(p.line() + ":" + p.column())
                                    .as(p.message())
                                    .isEqualTo(line + ":" + column);
                        });
    }

    @Test
    void anAliasWithTwoMeaningsIsNotGuessed() {
        Vocabulary v =
                Vocabulary.of(
                        "algorithm 'net'",
                        java.util.Map.of(
                                "dropout_rate", List.of("rate"), "learning_rate", List.of("rate")),
                        true);
        assertThatThrownBy(() -> SearchSpaceParser.parseWithSettings("rate = 0.1", v))
                .hasMessageContaining(
                        "'rate' has two readings: dropout_rate or learning_rate; write the one you"
                                + " mean");
    }

    /** A space in the table's notation: {@code name=float(low,high,log,step s) ; …}. */
    static String notation(SearchSpace space) {
        return space.parameters().stream()
                .map(PhrasingsTest::notation)
                .collect(Collectors.joining(" ; "));
    }

    private static String notation(Parameter p) {
        if (p instanceof Parameter.FloatRange f) {
            return f.name()
                    + "=float("
                    + n(f.low())
                    + ","
                    + n(f.high())
                    + (f.log() ? ",log" : "")
                    + (f.step() == null ? "" : ",step " + n(f.step()))
                    + ")";
        }
        if (p instanceof Parameter.IntRange i) {
            return i.name()
                    + "=int("
                    + i.low()
                    + ","
                    + i.high()
                    + (i.log() ? ",log" : "")
                    + (i.step() == 1 ? "" : ",step " + i.step())
                    + ")";
        }
        if (p instanceof Parameter.Categorical c) {
            return c.name()
                    + "=cat("
                    + c.choices().stream()
                            .map(PhrasingsTest::value)
                            .collect(Collectors.joining("|"))
                    + ")";
        }
        return p.name() + "=fixed(" + value(((Parameter.Fixed) p).value()) + ")";
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return n(d);
        }
        return v instanceof Number ? v.toString() : "'" + v + "'";
    }

    private static String n(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
