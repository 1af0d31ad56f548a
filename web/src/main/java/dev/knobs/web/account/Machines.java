package dev.knobs.web.account;

import dev.knobs.eventing.trust.Credentials;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * The callers that are not people, each known by a credential minted from the platform's key and
 * checked here without a lookup: a trial (role {@value #TRIAL}, for its own dataset, model and
 * reports), a model server ({@value #MODEL_SERVER}, for its model's files) and a platform part
 * ({@value #PLATFORM}: the broker's deliveries, the functions' checks). They never get a person's
 * role, so no route for people lets them in; what a machine may touch is checked by the route it
 * may use, against the database.
 */
@ApplicationScoped
public class Machines {
    public static final String TRIAL = "trial";
    public static final String MODEL_SERVER = "model-server";
    public static final String PLATFORM = "platform";

    /** The identity attribute with a trial's claim ({@link Credentials.TrialClaim}). */
    public static final String TRIAL_CLAIM = "knobs.trial";

    /** The identity attribute with the model a model server serves. */
    public static final String MODEL = "knobs.model";

    /** The identity attribute with the platform part ({@link Credentials.Part}). */
    public static final String PART = "knobs.part";

    @Inject Credentials credentials;

    /** The machine this bearer token is, if it is one of theirs and genuine. */
    public Optional<SecurityIdentity> identify(String token) {
        if (token == null || !token.startsWith("knobs_") || !token.contains("~")) {
            return Optional.empty();
        }
        var trial = credentials.trialOf(token, Instant.now());
        if (trial.isPresent()) {
            return Optional.of(
                    identity("trial:" + trial.get().trialId(), TRIAL, TRIAL_CLAIM, trial.get()));
        }
        var model = credentials.modelServerModel(token);
        if (model.isPresent()) {
            return Optional.of(identity("model:" + model.get(), MODEL_SERVER, MODEL, model.get()));
        }
        return credentials
                .partOf(token)
                .map(p -> identity("part:" + p.name().toLowerCase(), PLATFORM, PART, p));
    }

    private static SecurityIdentity identity(
            String principal, String role, String attribute, Object value) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal))
                .addRole(role)
                .addAttribute(attribute, value)
                .addAttribute(KnobsIdentityProvider.VIA, "machine")
                .build();
    }

    /** Whether the identity is a machine's (not a person's). */
    public static boolean isMachine(SecurityIdentity identity) {
        return identity.hasRole(TRIAL)
                || identity.hasRole(MODEL_SERVER)
                || identity.hasRole(PLATFORM);
    }
}
