package dev.knobs.web.account;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Password hashes with bcrypt (WildFly Elytron, through Quarkus): cost 10, a random salt per hash.
 * Checking takes tens of milliseconds on purpose, so callers run it off the event loop.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 72; // bcrypt reads no further

    /** Compared against when the user does not exist, so that both answers take as long. */
    private static final String NOBODY = BcryptUtil.bcryptHash(Secrets.random(16));

    private Passwords() {}

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(password);
    }

    /**
     * Whether {@code password} matches {@code hash}; a null hash spends the same time and fails.
     */
    public static boolean matches(String password, String hash) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        boolean ok = BcryptUtil.matches(password, hash == null ? NOBODY : hash);
        return ok && hash != null;
    }

    /** Why {@code password} cannot be used, or null when it can. */
    public static String problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "a password needs at least " + MIN_LENGTH + " characters";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            return "a password can have at most " + MAX_LENGTH + " bytes";
        }
        return null;
    }
}
