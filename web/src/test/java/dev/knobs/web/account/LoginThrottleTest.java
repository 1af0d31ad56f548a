package dev.knobs.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    final Hands clock = new Hands();
    final LoginThrottle throttle =
            new LoginThrottle(3, Duration.ofSeconds(30), Duration.ofMinutes(2), clock);

    @Test
    void locksAUserNameAfterItsFailuresDoublingUpToTheMaximum() {
        throttle.failed("Alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.2");
        assertThat(throttle.wait("alice", "10.0.0.3")).isZero();
        throttle.failed("alice", "10.0.0.3");
        assertThat(throttle.wait("ALICE", "10.0.0.9")).isEqualTo(Duration.ofSeconds(30));
        throttle.failed("alice", "10.0.0.3");
        assertThat(throttle.wait("alice", "10.0.0.9")).isEqualTo(Duration.ofSeconds(60));
        throttle.failed("alice", "10.0.0.3");
        throttle.failed("alice", "10.0.0.3");
        assertThat(throttle.wait("alice", "10.0.0.9")).isEqualTo(Duration.ofMinutes(2));
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(throttle.wait("alice", "10.0.0.9")).isZero();
        // other names are not slowed by alice's
        assertThat(throttle.wait("bob", "10.0.0.9")).isZero();
    }

    @Test
    void aSuccessForgivesTheUserNameButNotTheAddress() {
        for (int i = 0; i < 14; i++) {
            throttle.failed("user" + i, "10.0.0.7");
        }
        assertThat(throttle.wait("someone", "10.0.0.7")).isZero();
        throttle.failed("user99", "10.0.0.7"); // the 15th from one address: 5 × 3
        assertThat(throttle.wait("someone", "10.0.0.7")).isEqualTo(Duration.ofSeconds(30));
        throttle.failed("carol", "10.0.0.8");
        throttle.failed("carol", "10.0.0.8");
        throttle.succeeded("carol");
        throttle.failed("carol", "10.0.0.8");
        assertThat(throttle.wait("carol", "10.0.0.1")).isZero();
    }
}
