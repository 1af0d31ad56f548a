package dev.knobs.web.embedded;

import dev.knobs.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The artifact API's bearer token: configured, or made at random once per start. */
@ApplicationScoped
public class ArtifactToken {
    private final String value;

    @Inject
    public ArtifactToken(WebConfig config) {
        this.value =
                config.artifacts()
                        .token()
                        .filter(t -> !t.isBlank())
                        .orElseGet(
                                () -> {
                                    byte[] bytes = new byte[24];
                                    new SecureRandom().nextBytes(bytes);
                                    return HexFormat.of().formatHex(bytes);
                                });
    }

    public String value() {
        return value;
    }

    public boolean matches(String authorization) {
        return authorization != null
                && java.security.MessageDigest.isEqual(
                        authorization.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        ("Bearer " + value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
