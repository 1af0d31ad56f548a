package dev.knobs.web.account;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets (their stored form, SHA-256: {@link dev.knobs.eventing.Hashes}). */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** {@code bytes} random bytes, URL-safe Base64 without padding. */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** {@code bytes} random bytes as lower-case hex. */
    public static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
