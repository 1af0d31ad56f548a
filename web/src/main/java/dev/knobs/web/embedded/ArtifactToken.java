package dev.knobs.web.embedded;

import dev.knobs.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
                        .orElseGet(() -> dev.knobs.web.account.Secrets.randomHex(24));
    }

    public String value() {
        return value;
    }

    public boolean matches(String authorization) {
        return dev.knobs.eventing.Hashes.same(authorization, "Bearer " + value);
    }
}
