package dev.knobs.web.page;

import dev.knobs.eventing.EventType;
import dev.knobs.web.account.KnobsIdentityProvider;
import dev.knobs.web.account.Roles;
import dev.knobs.web.subscription.SubscriptionRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The page: new experiment (upload, search space, Start), experiment (live progress, top ten,
 * best), model ("your model is served at …" with curl), notifications, subscriptions, account
 * (tokens, password, users). One document; the screens are views of it. It carries the login's CSRF
 * token for the script.
 */
@Path("/")
public class PageResource {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(
                String algorithms, String username, boolean admin, String csrf, String eventTypes);
    }

    @Inject SecurityIdentity identity;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance index() {
        String csrf = identity.getAttribute(KnobsIdentityProvider.CSRF);
        return Templates.index(
                "xgboost,linear-sgd,factorization-machine",
                identity.getPrincipal().getName(),
                identity.hasRole(Roles.ADMIN),
                csrf == null ? "" : csrf,
                String.join(",", SubscriptionRequest.ownerTypes()).replace(EventType.PREFIX, ""));
    }
}
