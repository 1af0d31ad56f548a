package dev.knobs.domain.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.payload.Resources;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserQuotaTest {
    static UserQuota of(Double cpu, Long memory) {
        return of(cpu, memory, null);
    }

    static UserQuota of(Double cpu, Long memory, Integer trials) {
        return new UserQuota() {
            public Optional<Integer> trials() {
                return Optional.ofNullable(trials);
            }

            public Optional<Double> cpu() {
                return Optional.ofNullable(cpu);
            }

            public Optional<Long> memoryMb() {
                return Optional.ofNullable(memory);
            }
        };
    }

    @Test
    void roomIsWhatFitsBesideTheUsersRunningTrials() {
        UserQuota quota = of(4.0, 8192L);
        Resources each = new Resources(1, 1024, 60);
        assertThat(quota.room(0, 0, each)).isEqualTo(4);
        assertThat(quota.room(2.5, 0, each)).isEqualTo(1);
        assertThat(quota.room(4, 0, each)).isZero();
        assertThat(quota.room(0, 7500, each)).isZero();
        assertThat(quota.room(5, 0, each)).as("over it already: nothing more").isZero();
        assertThat(of(null, null).room(100, 1 << 20, each)).isEqualTo(Integer.MAX_VALUE);
        assertThat(of(0.5, null).room(0, 0, new Resources(0.1, 128, 60))).isEqualTo(5);
    }

    @Test
    void theCountOfTrialsLimitsOnItsOwn() {
        assertThat(of(null, null, 3).trialRoom(1)).isEqualTo(2);
        assertThat(of(null, null, 3).trialRoom(5)).isZero();
        assertThat(of(null, null).trialRoom(1000)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aTrialLargerThanTheQuotaIsToldWhy() {
        UserQuota quota = of(2.0, 4096L);
        assertThat(quota.refusal(new Resources(3, 512, 60))).contains("3.0 CPUs").contains("2.0");
        assertThat(quota.refusal(new Resources(1, 8192, 60))).contains("8192 MiB");
        assertThat(quota.refusal(new Resources(2, 4096, 60))).isNull();
    }
}
