package dev.knobs.web.account;

import dev.knobs.eventing.Hashes;
import dev.knobs.web.error.ApiError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Cross-site request forgery: a change made with a page login (a cookie the browser sends by
 * itself) must carry the login's CSRF token in {@value #HEADER}, which only the page — not another
 * site — can read. API tokens are sent on purpose by their holder and need no check.
 */
public class CsrfCheck {
    public static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject SecurityIdentity identity;

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod())
                || identity.isAnonymous()
                || !"session".equals(identity.getAttribute(KnobsIdentityProvider.VIA))) {
            return null;
        }
        String expected = identity.getAttribute(KnobsIdentityProvider.CSRF);
        if (Hashes.same(expected, request.getHeaderString(HEADER))) {
            return null;
        }
        return ApiError.response(
                403,
                "this change needs the page's CSRF token in the "
                        + HEADER
                        + " header; reload the page and try again");
    }
}
