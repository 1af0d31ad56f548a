package dev.knobs.web.embedded;

import dev.knobs.eventing.Hashes;
import dev.knobs.web.account.Secrets;
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
                        .orElseGet(() -> Secrets.randomHex(24));
    }

    public String value() {
        return value;
    }

    public boolean matches(String authorization) {
        return Hashes.same(authorization, "Bearer " + value);
    }
}
