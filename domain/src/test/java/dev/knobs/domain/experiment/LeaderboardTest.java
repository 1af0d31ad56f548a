package dev.knobs.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Objective.Goal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The publishing rule of a two-objective experiment, and the leaderboard it orders. */
class LeaderboardTest {
    private static ExperimentSpec spec(Double within) {
        return spec(
                new Objective("accuracy", Goal.MAXIMIZE),
                new Objective("latency_ms", Goal.MINIMIZE),
                within);
    }

    private static ExperimentSpec spec(Objective first, Objective second, Double within) {
        return new ExperimentSpec(
                        "e", "ann", "e", null, "xgboost", null, null, "tpe", 1, first, null, null,
                        null)
                .withObjectives(first, second, within);
    }

    private static Trial trial(int number, double accuracy, double latency) {
        Trial t = new Trial();
        t.id = "t" + number;
        t.number = number;
        t.state = TrialState.SUCCEEDED;
        t.objectiveValue = accuracy;
        t.metrics = Json.write(Map.of("accuracy", accuracy, "latency_ms", latency));
        return t;
    }

    // by accuracy: t3 0.95 (9 ms), t1 0.945 (2 ms), t4 0.945 (2 ms, later), t2 0.93 (0.5 ms),
    // t5 0.92 (3 ms, dominated by t1), t6 0.80 (0.4 ms)
    private static final List<Trial> TRIALS =
            List.of(
                    trial(1, 0.945, 2),
                    trial(2, 0.93, 0.5),
                    trial(3, 0.95, 9),
                    trial(4, 0.945, 2),
                    trial(5, 0.92, 3),
                    trial(6, 0.80, 0.4));

    private static List<Integer> numbers(List<Trial> trials) {
        return trials.stream().map(t -> t.number).toList();
    }

    @Test
    void theFrontIsWhatNothingBeatsOnBothByTheFirstObjective() {
        assertThat(numbers(Leaderboard.front(TRIALS, spec(null)))).containsExactly(3, 1, 4, 2, 6);
    }

    @Test
    void publishedIsTheFastestWithinOnePercentOfTheBestAccuracyTiesToTheEarlier() {
        // 1 % of 0.95: accuracy >= 0.9405 -> t3, t1, t4; fastest t1 and t4, the earlier wins
        assertThat(Leaderboard.published(TRIALS, spec(null)).number).isEqualTo(1);
        // 2 %: accuracy >= 0.931 -> still not t2 (0.93)
        assertThat(Leaderboard.published(TRIALS, spec(0.02)).number).isEqualTo(1);
        assertThat(Leaderboard.published(TRIALS, spec(0.03)).number).isEqualTo(2);
        // no tolerance: the most accurate
        assertThat(Leaderboard.published(TRIALS, spec(0.0)).number).isEqualTo(3);
        assertThat(Leaderboard.published(List.of(), spec(null))).isNull();
    }

    @Test
    void theLeaderboardStaysByAccuracyWithThePublishedTrialFirst() {
        List<Trial> byAccuracy = new ArrayList<>(TRIALS);
        byAccuracy.sort(
                (a, b) ->
                        a.objectiveValue.equals(b.objectiveValue)
                                ? Integer.compare(a.number, b.number)
                                : Double.compare(b.objectiveValue, a.objectiveValue));
        assertThat(numbers(Leaderboard.ordered(byAccuracy, spec(null), 10)))
                .containsExactly(1, 3, 4, 2, 5, 6);
        assertThat(numbers(Leaderboard.ordered(byAccuracy, spec(null), 2))).containsExactly(1, 3);
    }

    @Test
    void aMinimisedFirstObjectiveMeasuresItsToleranceFromTheLowestValue() {
        ExperimentSpec rmse =
                spec(
                        new Objective("rmse", Goal.MINIMIZE),
                        new Objective("model_size_kb", Goal.MINIMIZE),
                        0.05);
        Trial a = trial(1, 0, 0);
        a.objectiveValue = 10.0;
        a.metrics = Json.write(Map.of("rmse", 10.0, "model_size_kb", 900.0));
        Trial b = trial(2, 0, 0);
        b.objectiveValue = 10.4;
        b.metrics = Json.write(Map.of("rmse", 10.4, "model_size_kb", 50.0));
        Trial c = trial(3, 0, 0);
        c.objectiveValue = 10.6;
        c.metrics = Json.write(Map.of("rmse", 10.6, "model_size_kb", 10.0));
        // within 5 % of 10: rmse <= 10.5 -> a or b; b is smaller
        assertThat(Leaderboard.published(List.of(a, b, c), rmse).number).isEqualTo(2);
    }
}
