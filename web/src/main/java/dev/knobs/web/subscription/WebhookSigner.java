package dev.knobs.web.subscription;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures as the Standard Webhooks specification defines them: a secret is {@code whsec_}
 * followed by base64 of 24 random bytes, and a signature is {@code v1,} followed by base64 of the
 * HMAC-SHA256, under the secret's bytes, of {@code "<webhook-id>.<webhook-timestamp>.<body>"};
 * several (during a rotation) are separated by spaces.
 */
public final class WebhookSigner {
    public static final String PREFIX = "whsec_";

    private WebhookSigner() {}

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new secret. */
    public static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header's value: one signature per secret. */
    public static String signature(List<String> secrets, String id, long timestamp, byte[] body) {
        StringBuilder out = new StringBuilder();
        for (String secret : secrets) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append("v1,").append(sign(secret, id, timestamp, body));
        }
        return out.toString();
    }

    static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
