package dev.knobs.web.account;

import dev.knobs.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code loginAttempts} failures for one user name (or five
 * times as many from one address) further attempts are refused for a lockout that doubles with each
 * failure, up to a maximum. A success clears the user name's count. Kept in memory: the front runs
 * as one replica, and a restart forgiving old failures is acceptable.
 */
@ApplicationScoped
public class LoginThrottle {
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int attempts;
    private final Duration lockout;
    private final Duration maxLockout;
    private final Clock clock;

    @Inject
    public LoginThrottle(WebConfig config) {
        this(
                config.accounts().loginAttempts(),
                config.accounts().loginLockout(),
                config.accounts().loginMaxLockout(),
                Clock.systemUTC());
    }

    LoginThrottle(int attempts, Duration lockout, Duration maxLockout, Clock clock) {
        this.attempts = attempts;
        this.lockout = lockout;
        this.maxLockout = maxLockout;
        this.clock = clock;
    }

    private record Failures(int count, Instant lockedUntil) {}

    /** How long the caller must wait before trying again; zero when it may try now. */
    public Duration wait(String username, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys(username, address)) {
            Failures f = failures.get(key);
            if (f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, f.lockedUntil());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait;
    }

    /**
     * More keys than this and the ones not locked are forgotten (guessing many names costs no
     * memory).
     */
    static final int MAX_KEYS = 10_000;

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_KEYS) {
            failures.values()
                    .removeIf(f -> f.lockedUntil() == null || !f.lockedUntil().isAfter(now));
        }
        String[] keys = keys(username, address);
        for (int i = 0; i < keys.length; i++) {
            int allowed = i == 0 ? attempts : attempts * 5;
            failures.compute(
                    keys[i],
                    (k, f) -> {
                        int count = (f == null ? 0 : f.count()) + 1;
                        if (count < allowed) {
                            return new Failures(count, null);
                        }
                        long factor = 1L << Math.min(20, count - allowed);
                        Duration d = lockout.multipliedBy(factor);
                        return new Failures(
                                count, now.plus(d.compareTo(maxLockout) > 0 ? maxLockout : d));
                    });
        }
    }

    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private static String[] keys(String username, String address) {
        return new String[] {userKey(username), "address:" + address};
    }

    /** Keyed exactly as account names are compared, so "Alice " and "alice" count together. */
    private static String userKey(String username) {
        String name = Accounts.normalise(username);
        return "user:" + (name == null ? "" : name);
    }
}
