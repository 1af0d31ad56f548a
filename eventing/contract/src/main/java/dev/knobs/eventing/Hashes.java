package dev.knobs.eventing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How secrets are kept and compared wherever they are checked (the web front's logins and tokens, a
 * model server's token): as hex SHA-256, compared in constant time.
 */
public final class Hashes {
    private Hashes() {}

    /** Hex SHA-256 of {@code secret} (UTF-8). */
    public static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares in time independent of where the strings differ; false when either is null. */
    public static boolean same(String a, String b) {
        return a != null
                && b != null
                && MessageDigest.isEqual(
                        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether an {@code Authorization} header carries a bearer token whose SHA-256 is {@code
     * sha256}.
     */
    public static boolean bearerMatches(String authorization, String sha256) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return same(sha256(authorization.substring(7).trim()), sha256);
    }
}
