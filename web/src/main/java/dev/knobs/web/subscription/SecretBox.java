package dev.knobs.web.subscription;

import dev.knobs.eventing.trust.PlatformKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Subscription secrets at rest: sealed with AES-256-GCM under a key derived from the platform's
 * key, so a copy of the database alone does not let anyone sign as the platform to a user's
 * receiver. The subscription's id is the additional data, so a sealed secret moved to another row
 * does not open.
 */
@ApplicationScoped
public class SecretBox {
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    public SecretBox(PlatformKey platformKey) {
        this.key =
                new SecretKeySpec(
                        Base64.getUrlDecoder()
                                .decode(platformKey.mac("knobs: subscription secrets")),
                        "AES");
    }

    public String seal(String secret, String subscriptionId) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        byte[] sealed =
                crypt(
                        Cipher.ENCRYPT_MODE,
                        nonce,
                        subscriptionId,
                        secret.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[NONCE + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE);
        System.arraycopy(sealed, 0, out, NONCE, sealed.length);
        return Base64.getEncoder().encodeToString(out);
    }

    public String open(String sealed, String subscriptionId) {
        byte[] in = Base64.getDecoder().decode(sealed);
        byte[] nonce = java.util.Arrays.copyOf(in, NONCE);
        byte[] body = java.util.Arrays.copyOfRange(in, NONCE, in.length);
        return new String(
                crypt(Cipher.DECRYPT_MODE, nonce, subscriptionId, body), StandardCharsets.UTF_8);
    }

    private byte[] crypt(int mode, byte[] nonce, String subscriptionId, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a subscription secret does not open: " + e, e);
        }
    }
}
