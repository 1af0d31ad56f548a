package dev.knobs.web.account;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * How a request says who it is: {@code Authorization: Bearer knobs_…} (a personal API token, for
 * scripts and the API; or a machine's credential — a trial's, a model server's, a platform part's,
 * {@link Machines}) or the {@value #COOKIE} cookie (a page login). It is checked before the
 * request's body is read. Without either, a page is redirected to the login form and an API call
 * answers 401 with a JSON sentence.
 */
@ApplicationScoped
public class KnobsAuthentication implements HttpAuthenticationMechanism {
    @Inject Machines machines;

    public static final String COOKIE = "knobs_session";
    public static final String TOKEN_PREFIX = "knobs_";

    @Override
    public Uni<SecurityIdentity> authenticate(
            RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            var machine = machines.identify(token);
            if (machine.isPresent()) {
                return Uni.createFrom().item(machine.get());
            }
            return identities.authenticate(
                    HttpSecurityUtils.setRoutingContextAttribute(
                            new CredentialRequest(CredentialRequest.Kind.TOKEN, token), context));
        }
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie != null && !cookie.getValue().isBlank()) {
            return identities.authenticate(
                    HttpSecurityUtils.setRoutingContextAttribute(
                            new CredentialRequest(
                                    CredentialRequest.Kind.SESSION, cookie.getValue()),
                            context));
        }
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (wantsPage(context)) {
            return Uni.createFrom().item(new ChallengeData(302, "Location", loginUrl(context)));
        }
        return Uni.createFrom()
                .item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"knobs\""));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        var response = context.response();
        if (response.ended() || response.headWritten()) {
            return Uni.createFrom().item(true);
        }
        if (wantsPage(context)) {
            response.setStatusCode(302).putHeader("Location", loginUrl(context)).end();
        } else {
            boolean presented =
                    context.request().getHeader("Authorization") != null
                            || context.request().getCookie(COOKIE) != null;
            response.setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Bearer realm=\"knobs\"")
                    .putHeader("Content-Type", "application/json")
                    .end(
                            presented
                                    ? "{\"error\":\"your login or API token is not valid (expired, revoked or mistyped); log in again or make a new token\"}"
                                    : "{\"error\":\"log in first: send a personal API token as 'Authorization: Bearer <token>' (make one on the Account screen)\"}");
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(CredentialRequest.class);
    }

    /** A browser asking for a page (not the API), which is better sent to the login form. */
    static boolean wantsPage(RoutingContext context) {
        String path = context.normalizedPath();
        String accept = context.request().getHeader("Accept");
        return context.request().method().name().equals("GET")
                && !path.startsWith("/api/")
                && !path.startsWith("/q/")
                && accept != null
                && accept.contains("text/html");
    }

    private static String loginUrl(RoutingContext context) {
        String uri = context.request().uri();
        return "/login"
                + ("/".equals(uri)
                        ? ""
                        : "?next=" + URLEncoder.encode(uri, StandardCharsets.UTF_8));
    }
}
