package dev.knobs.web.account;

import dev.knobs.eventing.Hashes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and their stored form. */
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

    /** Hex SHA-256: how session cookies and API tokens are stored and looked up. */
    public static String sha256(String secret) {
        return Hashes.sha256(secret);
    }

    /** Compares in time independent of where the strings differ. */
    public static boolean same(String a, String b) {
        return Hashes.same(a, b);
    }
}
