package dev.knobs.domain.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchSpaceParserTest {

    private static Parameter only(String text) {
        SearchSpace space = SearchSpaceParser.parse(text);
        assertThat(space.parameters()).hasSize(1);
        return space.parameters().get(0);
    }

    @Test
    void logScaledRealRange() {
        assertThat(only("lr = 0.001 ~ 0.1 log"))
                .isEqualTo(new Parameter.FloatRange("lr", 0.001, 0.1, true, null));
        assertThat(only("learning_rate = 0.001~0.1 (log)"))
                .isEqualTo(new Parameter.FloatRange("learning_rate", 0.001, 0.1, true, null));
        assertThat(only("lr: 1e-4 .. 1e-1 log-uniform"))
                .isEqualTo(new Parameter.FloatRange("lr", 1e-4, 0.1, true, null));
    }

    @Test
    void integerRangesFromIntegerBounds() {
        assertThat(only("depth: 3..10"))
                .isEqualTo(new Parameter.IntRange("depth", 3, 10, false, 1L));
        assertThat(only("trees from 50 to 300 step 50"))
                .isEqualTo(new Parameter.IntRange("trees", 50, 300, false, 50L));
        assertThat(only("batch = 16 ~ 256 log"))
                .isEqualTo(new Parameter.IntRange("batch", 16, 256, true, 1L));
        assertThat(only("dropout: 0 to 1 float"))
                .isEqualTo(new Parameter.FloatRange("dropout", 0, 1, false, null));
    }

    @Test
    void categoricalChoices() {
        assertThat(only("optimizer in [adam, sgd]"))
                .isEqualTo(new Parameter.Categorical("optimizer", List.of("adam", "sgd")));
        assertThat(only("kernel = rbf | linear | \"poly 2\""))
                .isEqualTo(new Parameter.Categorical("kernel", List.of("rbf", "linear", "poly 2")));
        assertThat(only("layers: [1, 2, 4]"))
                .isEqualTo(new Parameter.Categorical("layers", List.of(1L, 2L, 4L)));
    }

    @Test
    void fixedValues() {
        assertThat(only("set epochs to 20")).isEqualTo(new Parameter.Fixed("epochs", 20L));
        assertThat(only("loss = hinge")).isEqualTo(new Parameter.Fixed("loss", "hinge"));
    }

    @Test
    void koreanForms() {
        assertThat(only("lr를 0.001~0.1로 해줘"))
                .isEqualTo(new Parameter.FloatRange("lr", 0.001, 0.1, false, null));
        assertThat(only("learning_rate를 0.001~0.1로 해줘"))
                .isEqualTo(new Parameter.FloatRange("learning_rate", 0.001, 0.1, false, null));
        assertThat(only("depth을 3~10으로"))
                .isEqualTo(new Parameter.IntRange("depth", 3, 10, false, 1L));
        assertThat(only("epochs를 20으로 해줘")).isEqualTo(new Parameter.Fixed("epochs", 20L));
        assertThat(only("lr를 0.001~0.1 로그 스케일로 해줘"))
                .isEqualTo(new Parameter.FloatRange("lr", 0.001, 0.1, true, null));
        assertThat(only("optimizer는 adam 또는 sgd로"))
                .isEqualTo(new Parameter.Categorical("optimizer", List.of("adam", "sgd")));
        assertThat(only("trees를 50~300 50 간격으로"))
                .isEqualTo(new Parameter.IntRange("trees", 50, 300, false, 50L));
    }

    @Test
    void severalParametersPerLineAndPerText() {
        SearchSpace space =
                SearchSpaceParser.parse(
                        """
                lr = 0.001 ~ 0.1 log, depth: 3..10   # a comment
                optimizer in [adam, sgd]; set epochs to 20

                trees from 50 to 300 step 50
                """);
        assertThat(space.parameters())
                .extracting(Parameter::name)
                .containsExactly("lr", "depth", "optimizer", "epochs", "trees");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            textBlock =
                    """
            lr 0.1 0.5                 | 1 | 4  | '0.1 0.5' has two readings: the values 0.1 and 0.5, or a range from 0.1 to 0.5; write [0.1, 0.5] or 0.1 ~ 0.5
            lr = 0.1 ~                 | 1 | 11 | expected a number after '~' but found the end of the definition
            lr = abc ~ 2               | 1 | 6  | expected a number at the start of a range but found 'abc'
            lr = 0.1 ~ 0.01            | 1 | 1  | low (0.1) must be below high (0.01)
            lr = 0 ~ 1.0 log           | 1 | 1  | a log scale needs a positive low bound
            opt in [adam, sgd          | 1 | 18 | expected ']' to close the list opened at column 8
            lr = 0.1 ~ 0.5 fast        | 1 | 16 | expected the end of the definition of 'lr' (or ',', 'and' or 하고 before the next one) but found 'fast'
            = 3                        | 1 | 1  | expected a parameter name
            opt = adam log             | 1 | 1  | 'log' and 'step' apply to ranges only
            """)
    void errorsNameLineColumnAndWhatWasExpected(String text, int line, int column, String message) {
        assertThatThrownBy(() -> SearchSpaceParser.parse(text))
                .isInstanceOfSatisfying(
                        SearchSpaceSyntaxException.class,
                        e -> {
                            assertThat(e.problems()).hasSize(1);
                            SyntaxProblem p = e.problems().get(0);
                            assertThat(p.message()).contains(message);
                            assertThat(p.line()).isEqualTo(line);
                            assertThat(p.column()).isEqualTo(column);
                        });
    }

    @Test
    void reportsEveryProblemOfATextWithItsLine() {
        assertThatThrownBy(
                        () ->
                                SearchSpaceParser.parse(
                                        "lr = 0.001 ~ 0.1 log\ndepth: 3..\nopt in []\nlr = 1"))
                .isInstanceOfSatisfying(
                        SearchSpaceSyntaxException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(SyntaxProblem::line)
                                        .containsExactly(2, 3, 4));
    }

    @Test
    void columnsCountFromTheStartOfTheLineAfterACommaToo() {
        assertThatThrownBy(() -> SearchSpaceParser.parse("a = 1, b = 2 ~ x"))
                .isInstanceOfSatisfying(
                        SearchSpaceSyntaxException.class,
                        e -> assertThat(e.problems().get(0).column()).isEqualTo(16));
    }

    @Test
    void emptyTextAsksForAParameter() {
        assertThatThrownBy(() -> SearchSpaceParser.parse("  \n # nothing"))
                .hasMessageContaining("line 1, column 1: expected at least one parameter");
    }

    @Test
    void theJsonFormIsTheSameSpace() {
        SearchSpace text =
                SearchSpaceParser.parse(
                        "lr = 0.001 ~ 0.1 log, depth: 3..10, optimizer in [adam, sgd], set epochs to 20");
        String json = dev.knobs.eventing.Json.MAPPER.valueToTree(text).toString();
        assertThat(SearchSpaces.fromJson(json)).isEqualTo(text);
    }

    @Test
    void jsonErrorsSayWhatIsWrong() {
        assertThatThrownBy(
                        () ->
                                SearchSpaces.fromJson(
                                        "{\"parameters\":[{\"type\":\"float\",\"name\":\"lr\",\"low\":1,\"high\":0}]}"))
                .isInstanceOf(SearchSpaceSyntaxException.class)
                .hasMessageContaining("low (1.0) must be below high (0.0)");
        assertThatThrownBy(
                        () ->
                                SearchSpaces.fromJson(
                                        "{\"parameters\":[{\"type\":\"triangle\",\"name\":\"lr\"}]}"))
                .isInstanceOf(SearchSpaceSyntaxException.class)
                .hasMessageContaining("triangle");
    }

    @Test
    void describesASpaceForPeople() {
        assertThat(
                        SearchSpaces.describe(
                                SearchSpaceParser.parse(
                                        "lr = 0.001 ~ 0.1 log, trees from 50 to 300 step 50, opt in [adam, sgd], set epochs to 20")))
                .containsExactly(
                        "lr: real number from 0.001 to 0.1, log scale",
                        "trees: integer from 50 to 300, step 50",
                        "opt: one of adam, sgd",
                        "epochs: always 20");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            textBlock =
                    """
            search = tpe                   | tpe    |
            search: grid                   | grid   |
            use TPE search                 | tpe    |
            탐색은 tpe로                     | tpe    |
            tpe로 탐색해줘                    | tpe    |
            early stopping = asha          |        | ASHA
            early_stopping: median         |        | MEDIAN
            stop early with asha           |        | ASHA
            prune with median              |        | MEDIAN
            no early stopping              |        | NONE
            조기 종료는 asha로                 |        | ASHA
            median으로 조기 종료해줘            |        | MEDIAN
            """)
    void settingsLinesChooseTheSearchAndTheEarlyStoppingRule(
            String line, String search, String rule) {
        ParsedSpace parsed =
                SearchSpaceParser.parseWithSettings(
                        "lr = 0.001 ~ 0.1 log\n" + line + "\ndepth: 3..10");
        assertThat(parsed.space().parameters())
                .extracting(Parameter::name)
                .containsExactly("lr", "depth");
        assertThat(parsed.searchAlgorithm()).isEqualTo(search);
        assertThat(parsed.earlyStopping())
                .isEqualTo(
                        rule == null
                                ? null
                                : dev.knobs.eventing.payload.EarlyStopping.Rule.valueOf(rule));
        if (search != null || rule != null) {
            assertThat(parsed.describe())
                    .contains(
                            search != null
                                    ? "search algorithm: " + search
                                    : "early stopping: " + rule.toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void aBadSettingSaysWhatItAcceptsWhereItIs() {
        assertThatThrownBy(
                        () -> SearchSpaceParser.parseWithSettings("lr = 0.1 ~ 1\nsearch = bayes"))
                .isInstanceOfSatisfying(
                        SearchSpaceSyntaxException.class,
                        e -> {
                            assertThat(e.problems()).hasSize(1);
                            SyntaxProblem p = e.problems().get(0);
                            assertThat(p.line()).isEqualTo(2);
                            assertThat(p.column()).isEqualTo(10);
                            assertThat(p.message())
                                    .contains("random, grid, tpe")
                                    .contains("'bayes'")
                                    .contains("not parameter names");
                        });
        assertThatThrownBy(
                        () ->
                                SearchSpaceParser.parseWithSettings(
                                        "lr = 0.1 ~ 1\nearly stopping = asha\nprune with median"))
                .isInstanceOfSatisfying(
                        SearchSpaceSyntaxException.class,
                        e ->
                                assertThat(e.problems().get(0).message())
                                        .contains("already chosen at line 2"));
        assertThatThrownBy(() -> SearchSpaceParser.parseWithSettings("search = tpe"))
                .isInstanceOfSatisfying(
                        SearchSpaceSyntaxException.class,
                        e ->
                                assertThat(e.problems().get(0).message())
                                        .contains("at least one parameter"));
    }

    @Test
    void theJsonFormCarriesTheSameSettings() {
        ParsedSpace parsed =
                SearchSpaces.fromJsonWithSettings(
                        """
                {"parameters":[{"type":"int","name":"depth","low":2,"high":5}],
                 "searchAlgorithm":"TPE","earlyStopping":"median"}""");
        assertThat(parsed.searchAlgorithm()).isEqualTo("tpe");
        assertThat(parsed.earlyStopping())
                .isEqualTo(dev.knobs.eventing.payload.EarlyStopping.Rule.MEDIAN);
        assertThatThrownBy(
                        () ->
                                SearchSpaces.fromJsonWithSettings(
                                        "{\"parameters\":[{\"type\":\"int\",\"name\":\"d\",\"low\":2,\"high\":5}],\"earlyStopping\":\"hyperband\"}"))
                .isInstanceOf(SearchSpaceSyntaxException.class)
                .hasMessageContaining("choose none, median or asha");
    }
}
