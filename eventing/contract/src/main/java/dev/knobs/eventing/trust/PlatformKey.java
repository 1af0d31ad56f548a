package dev.knobs.eventing.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform's one secret: 256 random bits from which every credential Knobs hands out is derived
 * (HMAC-SHA256), so any part that holds the key can check a credential without a lookup, and a part
 * that holds only a credential can derive nothing else. It never leaves the platform's own
 * processes: on one machine it is a file readable by the platform's user only, on a cluster a
 * Secret mounted into the front and the functions.
 */
public final class PlatformKey {
    private static final int BYTES = 32;
    private final byte[] key;

    private PlatformKey(byte[] key) {
        if (key.length < BYTES) {
            throw new IllegalArgumentException(
                    "the platform key needs at least " + BYTES + " bytes, it has " + key.length);
        }
        this.key = key.clone();
    }

    /** A key in base64 (the cluster's Secret, {@code KNOBS_PLATFORM_KEY}). */
    public static PlatformKey of(String base64) {
        try {
            return new PlatformKey(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the platform key is not base64 of at least " + BYTES + " bytes", e);
        }
    }

    /**
     * The key kept in {@code file}, made at random (mode 0600) the first time: it survives
     * restarts, so credentials minted before one still work after it.
     */
    public static PlatformKey inFile(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the platform key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        restrictToOwner(file.getParent(), "rwx------");
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        restrictToOwner(tmp, "rw-------");
        Files.writeString(tmp, Base64.getEncoder().encodeToString(bytes), StandardOpenOption.WRITE);
        try {
            Files.move(tmp, file);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp); // another process made it first: theirs is the key
        }
    }

    /** Owner-only permissions where the file system has POSIX permissions. */
    public static void restrictToOwner(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the folder's own access rules apply
        }
    }

    /** HMAC-SHA256 of {@code message} under this key, base64url without padding. */
    public String mac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The key in base64, to hand to another platform process (never to a trial or model). */
    public String encoded() {
        return Base64.getEncoder().encodeToString(key);
    }
}
