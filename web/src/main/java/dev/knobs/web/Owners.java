package dev.knobs.web;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whose data a request touches: the signed-in user's name. Every query filters by it, so another
 * user's dataset, experiment or model is simply not found (404).
 */
@ApplicationScoped
public class Owners {
    /** The owner of data made before logins existed; the first administrator takes it over. */
    public static final String LOCAL = "local";

    @Inject SecurityIdentity identity;

    public String current() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        return identity.getPrincipal().getName();
    }
}
