package dev.knobs.functions.stopping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoppingRulesTest {
    @Test
    void theMedianRuleStopsATrialWorseThanTheMedianOfItsPeersAtTheSameStep() {
        double[] others = {0.9, 0.8, 0.7};
        assertThat(MedianRule.judge(3, 0.75, others, true, 1, 3))
                .hasValueSatisfying(
                        why ->
                                assertThat(why)
                                        .contains("median rule at step 3")
                                        .contains("0.75")
                                        .contains("median 0.8")
                                        .contains("3 other trials"));
        assertThat(MedianRule.judge(3, 0.8, others, true, 1, 3))
                .as("the median itself goes on")
                .isEmpty();
        assertThat(MedianRule.judge(3, 0.85, others, true, 1, 3)).isEmpty();
        // minimising: higher is worse
        assertThat(MedianRule.judge(3, 0.85, others, false, 1, 3)).isPresent();
        assertThat(MedianRule.judge(3, 0.75, others, false, 1, 3)).isEmpty();
    }

    @Test
    void theMedianRuleWaitsForEnoughPeersAndForTheFirstSteps() {
        assertThat(MedianRule.judge(3, 0.1, new double[] {0.9, 0.8}, true, 1, 3)).isEmpty();
        assertThat(MedianRule.judge(2, 0.1, new double[] {0.9, 0.8, 0.7}, true, 3, 3)).isEmpty();
        assertThat(MedianRule.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void ashaRungsGrowGeometrically() {
        assertThat(Asha.rungStep(0, 1, 3)).isEqualTo(1);
        assertThat(Asha.rungStep(3, 1, 3)).isEqualTo(27);
        assertThat(Asha.rungStep(2, 5, 2)).isEqualTo(20);
        assertThat(Asha.highestRung(0, 1, 3)).isEqualTo(-1);
        assertThat(Asha.highestRung(1, 1, 3)).isZero();
        assertThat(Asha.highestRung(8, 1, 3)).isEqualTo(1);
        assertThat(Asha.highestRung(9, 1, 3)).isEqualTo(2);
        assertThat(Asha.highestRung(4, 5, 3)).isEqualTo(-1);
    }

    @Test
    void ashaPromotesTheBestThirdOfARungAndJudgesEarlyArrivalsAgainstTheBestSoFar() {
        // the first arrival is the best so far: it goes on
        assertThat(Asha.judge(0, 1, 0.6, new double[] {0.6}, true, 3)).isEmpty();
        // fewer than η values: only the best goes on
        assertThat(Asha.judge(0, 1, 0.5, new double[] {0.6, 0.5}, true, 3)).isPresent();
        assertThat(Asha.judge(0, 1, 0.7, new double[] {0.6, 0.7}, true, 3)).isEmpty();
        // six values, η = 3: the best two go on
        double[] six = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        assertThat(Asha.judge(1, 3, 0.5, six, true, 3)).isEmpty();
        assertThat(Asha.judge(1, 3, 0.4, six, true, 3))
                .hasValueSatisfying(
                        why ->
                                assertThat(why)
                                        .contains("ASHA at rung 1 (step 3)")
                                        .contains("best 2 of 6")
                                        .contains("bar is 0.5"));
        // minimising: the two lowest go on
        assertThat(Asha.judge(1, 3, 0.2, six, false, 3)).isEmpty();
        assertThat(Asha.judge(1, 3, 0.3, six, false, 3)).isPresent();
    }
}
