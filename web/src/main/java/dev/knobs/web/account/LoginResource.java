package dev.knobs.web.account;

import dev.knobs.web.config.WebConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The login form and logging out. A login is a random secret in an HttpOnly, SameSite=Lax cookie;
 * the same answer ("wrong user name or password") for unknown users and wrong passwords; repeated
 * failures lock the user name (and the address) for a while.
 */
@Path("/")
public class LoginResource {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String next, String username, String error);
    }

    @Inject Accounts accounts;
    @Inject LoginThrottle throttle;
    @Inject WebConfig config;
    @Inject SecurityIdentity identity;

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance form(@QueryParam("next") String next) {
        return Templates.login(safeNext(next), "", null);
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> login(
            @FormParam("username") String username,
            @FormParam("password") String password,
            @FormParam("next") String next,
            @Context HttpServerRequest request) {
        String target = safeNext(next);
        String shown = username == null ? "" : username;
        if (!sameOrigin(request)) {
            return page(403, target, shown, "This login form was sent from another site.");
        }
        String address = request.remoteAddress() == null ? "" : request.remoteAddress().host();
        Duration wait = throttle.wait(username, address);
        if (!wait.isZero()) {
            return page(
                            429,
                            target,
                            shown,
                            "Too many failed logins. Try again in " + seconds(wait) + " seconds.")
                    .map(
                            r ->
                                    Response.fromResponse(r)
                                            .header("Retry-After", seconds(wait))
                                            .build());
        }
        return Panache.withTransaction(() -> session(username, password, address))
                .flatMap(
                        secret ->
                                secret == null
                                        ? page(401, target, shown, "Wrong user name or password.")
                                        : Uni.createFrom().item(loggedIn(target, secret, request)));
    }

    /** A new session's secret when the password is right; null (and one more failure) if not. */
    private Uni<String> session(String username, String password, String address) {
        return accounts.check(username, password)
                .flatMap(
                        user -> {
                            if (user == null) {
                                throttle.failed(username, address);
                                return Uni.createFrom().nullItem();
                            }
                            throttle.succeeded(user.username);
                            return accounts.startSession(user);
                        });
    }

    private Response loggedIn(String target, String secret, HttpServerRequest request) {
        return Response.seeOther(URI.create(target))
                .cookie(cookie(secret, secure(request)))
                .build();
    }

    @POST
    @Path("/logout")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ends this page login (the session cookie's)")
    public Uni<Response> logout() {
        String session = identity.getAttribute(KnobsIdentityProvider.SESSION);
        Uni<Boolean> deleted =
                session == null
                        ? Uni.createFrom().item(false)
                        : Panache.withTransaction(() -> LoginSession.deleteById(session));
        return deleted.map(
                x ->
                        Response.noContent()
                                .cookie(cookie("", config.accounts().secureCookie()))
                                .build());
    }

    private Uni<Response> page(int status, String next, String username, String error) {
        return Uni.createFrom()
                .item(
                        Response.status(status)
                                .type(MediaType.TEXT_HTML_TYPE)
                                .entity(Templates.login(next, username, error))
                                .build());
    }

    /**
     * Whether the cookie may travel only over HTTPS: when configured, or when this request came
     * over HTTPS (directly or through an ingress that says so).
     */
    private boolean secure(HttpServerRequest request) {
        return config.accounts().secureCookie()
                || request.isSSL()
                || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }

    /** The login cookie: the secret for the session's longest life, or empty to end it now. */
    private NewCookie cookie(String secret, boolean secure) {
        return new NewCookie.Builder(KnobsAuthentication.COOKIE)
                .value(secret)
                .path("/")
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(secret.isEmpty() ? 0 : (int) config.accounts().sessionMaxAge().toSeconds())
                .build();
    }

    /** Only a path on this site: never an absolute URL that would send the person elsewhere. */
    static String safeNext(String next) {
        if (next == null
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.startsWith("/\\")
                || next.startsWith("/login")) {
            return "/";
        }
        return next;
    }

    /** A browser's Origin (when it sends one) must be this site. */
    private static boolean sameOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        try {
            URI o = URI.create(origin);
            return host != null && host.equalsIgnoreCase(o.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String seconds(Duration d) {
        return String.valueOf(Math.max(1, (d.toMillis() + 999) / 1000));
    }
}
