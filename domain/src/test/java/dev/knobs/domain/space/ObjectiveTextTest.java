package dev.knobs.domain.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Objective.Goal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The objectives a text names: English and Korean, one or two, and what is refused. */
class ObjectiveTextTest {
    private static final List<Objective> ACCURACY_THEN_LATENCY =
            List.of(
                    new Objective("accuracy", Goal.MAXIMIZE),
                    new Objective("latency_ms", Goal.MINIMIZE));

    private static List<Objective> objectives(String text) {
        return SearchSpaceParser.parseWithSettings(text).objectives();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "max_depth = 3..8\nmaximize accuracy, minimize latency_ms",
                "maximize accuracy and minimize latency_ms\nmax_depth = 3..8",
                "objectives: maximize accuracy; minimise latency_ms\nmax_depth = 3..8",
                "max_depth = 3..8\nMaximize accuracy\nminimize latency_ms",
                "max_depth = 3..8\naccuracy는 최대화, latency_ms는 최소화",
                "max_depth = 3..8\naccuracy를 최대화하고 latency_ms를 최소화해줘",
                "max_depth를 3~8로 해줘\naccuracy 최대화 latency_ms 최소화",
                "max_depth = 3..8\n목표는 accuracy를 최대로, latency_ms를 최소로 해줘",
            })
    void twoObjectivesInEnglishAndKorean(String text) {
        ParsedSpace parsed = SearchSpaceParser.parseWithSettings(text);
        assertThat(parsed.objectives()).isEqualTo(ACCURACY_THEN_LATENCY);
        assertThat(parsed.space().parameters()).hasSize(1);
        assertThat(parsed.describe())
                .contains("objective: maximize accuracy", "traded against: minimize latency_ms");
    }

    @Test
    void oneObjectiveAndTheOrderNamedIsTheOrderKept() {
        assertThat(objectives("lr = 0.01~0.1 log\nminimize rmse"))
                .containsExactly(new Objective("rmse", Goal.MINIMIZE));
        assertThat(objectives("lr = 0.01~0.1 log\nlatency_ms를 최소화하고 accuracy를 최대화"))
                .containsExactly(
                        new Objective("latency_ms", Goal.MINIMIZE),
                        new Objective("accuracy", Goal.MAXIMIZE));
        assertThat(objectives("lr = 0.01~0.1 log")).isEmpty();
    }

    @Test
    void parametersNamedLikeMetricsOrWithMaxInTheirNameAreStillParameters() {
        ParsedSpace parsed =
                SearchSpaceParser.parseWithSettings("max_depth = 3..8\nmin_child_weight = 1~10");
        assertThat(parsed.objectives()).isEmpty();
        assertThat(parsed.space().parameters()).hasSize(2);
    }

    @Test
    void whatIsRefusedSaysWhereAndWhy() {
        assertThatThrownBy(() -> objectives("lr = 0.01~0.1\nmaximize"))
                .isInstanceOf(SearchSpaceSyntaxException.class)
                .hasMessageContaining("line 2, column 1")
                .hasMessageContaining("expected a metric after 'maximize'");
        assertThatThrownBy(() -> objectives("lr = 0.01~0.1\n최대화해줘"))
                .hasMessageContaining("expected a metric before '최대화해줘'");
        assertThatThrownBy(
                        () ->
                                objectives(
                                        "lr = 0.01~0.1\nmaximize accuracy, minimize latency_ms,"
                                                + " minimize model_size_kb"))
                .hasMessageContaining("at most two objectives")
                .hasMessageContaining("'model_size_kb'");
        assertThatThrownBy(() -> objectives("lr = 0.01~0.1\nmaximize accuracy\nminimize accuracy"))
                .hasMessageContaining("line 3, column 10")
                .hasMessageContaining("the objective 'accuracy' is named twice");
        assertThatThrownBy(() -> objectives("lr = 0.01~0.1\nmaximize accuracy 0.9"))
                .hasMessageContaining("expected 'maximize <metric>' or 'minimize <metric>'");
        assertThatThrownBy(() -> objectives("maximize accuracy"))
                .hasMessageContaining("expected at least one parameter");
    }
}
