package dev.knobs.trainer.serve;

import dev.knobs.eventing.Hashes;

/**
 * Who may call a model: everyone, or the holders of its token (and the platform's caller). The
 * token's hash is given, or read from a file again whenever it changes (checked at most once a
 * second); an unreadable file closes the model to everyone but the platform.
 */
final class ModelAccess {
    private final String fixed;
    private final java.nio.file.Path file;
    private final String callerSha256;
    private volatile String current;
    private volatile long checkedAt;

    ModelAccess(String tokenSha256, java.nio.file.Path file, String callerSha256) {
        this.fixed = tokenSha256;
        this.file = file;
        this.callerSha256 = callerSha256;
        this.current = tokenSha256;
    }

    private String token() {
        if (file == null) {
            return fixed;
        }
        long now = System.nanoTime();
        if (now - checkedAt > 1_000_000_000L || checkedAt == 0) {
            checkedAt = now;
            try {
                String read = java.nio.file.Files.readString(file).strip();
                current = read.isEmpty() ? null : read;
            } catch (java.io.IOException e) {
                current = "unreadable";
            }
        }
        return current;
    }

    boolean open() {
        return token() == null;
    }

    boolean allows(String authorization) {
        String token = token();
        return (token != null && Hashes.bearerMatches(authorization, token))
                || (callerSha256 != null && Hashes.bearerMatches(authorization, callerSha256));
    }
}
