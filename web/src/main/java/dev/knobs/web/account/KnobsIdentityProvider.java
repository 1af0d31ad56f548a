package dev.knobs.web.account;

import dev.knobs.eventing.Hashes;
import dev.knobs.web.config.WebConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a session cookie or an API token into the user it belongs to, with their roles. Expired
 * sessions and tokens are refused (expired sessions are deleted at the next login). Use is recorded
 * at most once a minute, so a busy page does not write on every request.
 */
@ApplicationScoped
public class KnobsIdentityProvider implements IdentityProvider<CredentialRequest> {
    /** The identity attribute saying how the request logged in: "session" or "token". */
    public static final String VIA = "knobs.via";

    /** The identity attribute with the session's CSRF token. */
    public static final String CSRF = "knobs.csrf";

    /** The identity attribute with the session's id (the hash of its cookie). */
    public static final String SESSION = "knobs.session";

    private static final Duration TOUCH = Duration.ofMinutes(1);

    @Inject WebConfig config;
    @Inject Users users;

    @Override
    public Class<CredentialRequest> getRequestType() {
        return CredentialRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            CredentialRequest request, AuthenticationRequestContext context) {
        return Panache.withTransaction(
                () ->
                        request.kind() == CredentialRequest.Kind.SESSION
                                ? session(request.secret())
                                : token(request.secret()));
    }

    private Uni<SecurityIdentity> session(String secret) {
        Instant now = Instant.now();
        return LoginSession.<LoginSession>findById(Hashes.sha256(secret))
                .flatMap(
                        s -> {
                            if (s == null) {
                                return Uni.createFrom().failure(refused());
                            }
                            WebConfig.Accounts accounts = config.accounts();
                            if (s.lastSeenAt.plus(accounts.sessionIdleTimeout()).isBefore(now)
                                    || s.createdAt.plus(accounts.sessionMaxAge()).isBefore(now)) {
                                return Uni.createFrom().failure(refused()); // swept at logins
                            }
                            if (s.lastSeenAt.plus(TOUCH).isBefore(now)) {
                                s.lastSeenAt = now;
                            }
                            return identity(s.username, "session", s)
                                    .onItem()
                                    .ifNull()
                                    .failWith(KnobsIdentityProvider::refused);
                        });
    }

    private Uni<SecurityIdentity> token(String token) {
        Instant now = Instant.now();
        return ApiToken.<ApiToken>find("hash", Hashes.sha256(token))
                .firstResult()
                .flatMap(
                        t -> {
                            if (t == null || (t.expiresAt != null && t.expiresAt.isBefore(now))) {
                                return Uni.createFrom().failure(refused());
                            }
                            if (t.lastUsedAt == null || t.lastUsedAt.plus(TOUCH).isBefore(now)) {
                                t.lastUsedAt = now;
                            }
                            return identity(t.username, "token", null)
                                    .onItem()
                                    .ifNull()
                                    .failWith(KnobsIdentityProvider::refused);
                        });
    }

    private Uni<SecurityIdentity> identity(String username, String via, LoginSession session) {
        return users.findById(username)
                .map(
                        user -> {
                            if (user == null || user.removed()) {
                                return null;
                            }
                            QuarkusSecurityIdentity.Builder b =
                                    QuarkusSecurityIdentity.builder()
                                            .setPrincipal(new QuarkusPrincipal(user.username))
                                            .addRoles(Roles.of(user.role))
                                            .addAttribute(VIA, via);
                            if (session != null) {
                                b.addAttribute(CSRF, session.csrfToken)
                                        .addAttribute(SESSION, session.id);
                            }
                            return b.build();
                        });
    }

    private static AuthenticationFailedException refused() {
        return new AuthenticationFailedException("unknown, expired or revoked credentials");
    }
}
