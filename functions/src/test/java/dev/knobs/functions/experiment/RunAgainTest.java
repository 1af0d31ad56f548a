package dev.knobs.functions.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a lost trial runs again: crashes of the platform are not its fault, kills of it are. */
class RunAgainTest {
    private static final String LOST = "attempt 1 was lost and run again: its process is gone";
    private static final String KILLED = "attempt 2 was killed and run again: signal 9";

    @Test
    void lossesToPlatformCrashesRunAgainUpToTheBackstop() {
        StringBuilder history = new StringBuilder();
        for (int attempt = 1; attempt < TrialRequests.MAX_ATTEMPTS; attempt++) {
            assertThat(TrialRequests.mayRunAgain(attempt, history.toString(), false))
                    .as("attempt " + attempt)
                    .isTrue();
            history.append("attempt ").append(attempt).append(" was lost and run again: x\n");
        }
        assertThat(TrialRequests.mayRunAgain(TrialRequests.MAX_ATTEMPTS, history.toString(), false))
                .isFalse();
    }

    @Test
    void theThirdKillOfATrialsOwnProcessFailsIt() {
        assertThat(TrialRequests.mayRunAgain(1, null, true)).isTrue();
        assertThat(TrialRequests.mayRunAgain(3, LOST + "\n" + KILLED, true)).isTrue();
        assertThat(TrialRequests.mayRunAgain(4, LOST + "\n" + KILLED + "\n" + KILLED, true))
                .isFalse();
        // platform crashes in between do not count as kills
        assertThat(TrialRequests.mayRunAgain(4, LOST + "\n" + KILLED + "\n" + KILLED, false))
                .isTrue();
    }
}
