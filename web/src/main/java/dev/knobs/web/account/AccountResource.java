package dev.knobs.web.account;

import dev.knobs.domain.account.UserAccount;
import dev.knobs.web.Owners;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who you are, your password, your API tokens; for administrators, the users. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "account", description = "Your login, API tokens and (administrators) users")
public class AccountResource {
    @Inject Accounts accounts;
    @Inject Users users;
    @Inject Owners owners;
    @Inject SecurityIdentity identity;

    /** The signed-in user; {@code csrfToken} only for a page login. */
    public record AccountView(String username, String role, String via, String csrfToken) {}

    public record PasswordChange(String current, String password) {}

    public record TokenRequest(String name, Integer expiresInDays) {}

    /** A token as listed: never the secret. */
    public record TokenView(
            String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id, t.name, t.createdAt, t.expiresAt, t.lastUsedAt);
        }
    }

    /** A token just made: {@code token} is shown this once. */
    public record NewToken(String id, String name, String token, Instant expiresAt) {}

    public record UserRequest(String username, String password, String role) {}

    public record UserView(String username, String role, Instant createdAt) {
        static UserView of(UserAccount u) {
            return new UserView(u.username, u.role, u.createdAt);
        }
    }

    /** A user just made: {@code password} is set only when Knobs chose it, and shown once. */
    public record NewUser(String username, String role, String password) {}

    @GET
    @Path("/account")
    @WithSession
    @Operation(summary = "The signed-in user and their role")
    public Uni<AccountView> account() {
        return users.findById(owners.current())
                .map(
                        u ->
                                new AccountView(
                                        u.username,
                                        u.role,
                                        identity.getAttribute(KnobsIdentityProvider.VIA),
                                        identity.getAttribute(KnobsIdentityProvider.CSRF)));
    }

    @POST
    @Path("/account/password")
    @WithTransaction
    @Operation(summary = "Changes your password (needs the current one); ends your other logins")
    public Uni<Response> changePassword(PasswordChange change) {
        if (change == null) {
            throw new IllegalArgumentException("send {\"current\": …, \"password\": …}");
        }
        String problem = Passwords.problem(change.password());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String me = owners.current();
        return accounts.check(me, change.current())
                .flatMap(
                        user -> {
                            if (user == null) {
                                throw new IllegalArgumentException(
                                        "the current password is not right");
                            }
                            return accounts.hash(change.password())
                                    .flatMap(hash -> newPassword(user, hash));
                        })
                .replaceWith(Response.noContent().build());
    }

    /** Sets the new hash and ends every other login of the user (this one stays). */
    private Uni<Long> newPassword(UserAccount user, String hash) {
        user.passwordHash = hash;
        String keep = identity.getAttribute(KnobsIdentityProvider.SESSION);
        return LoginSession.delete(
                "username = ?1 and id <> ?2", user.username, keep == null ? "" : keep);
    }

    @GET
    @Path("/tokens")
    @WithSession
    @Operation(summary = "Your API tokens (without their secrets)")
    public Uni<List<TokenView>> tokens() {
        return ApiToken.<ApiToken>list("username = ?1 order by createdAt desc", owners.current())
                .map(all -> all.stream().map(TokenView::of).toList());
    }

    @POST
    @Path("/tokens")
    @WithTransaction
    @Operation(
            summary = "Makes an API token; the answer is the only time its secret is shown",
            description =
                    "Send it as 'Authorization: Bearer <token>'. expiresInDays is optional (no"
                            + " expiry when absent).")
    public Uni<Response> createToken(TokenRequest request) {
        String name = request == null || request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new IllegalArgumentException("a token needs a name of 1 to 100 characters");
        }
        Integer days = request.expiresInDays();
        if (days != null && (days < 1 || days > 3650)) {
            throw new IllegalArgumentException("expiresInDays must be between 1 and 3650");
        }
        String id = Secrets.randomHex(6);
        String token = KnobsAuthentication.TOKEN_PREFIX + id + "_" + Secrets.random(30);
        Instant expires = days == null ? null : Instant.now().plus(Duration.ofDays(days));
        return accounts.saveToken(id, token, owners.current(), name, expires)
                .map(
                        t ->
                                Response.status(201)
                                        .entity(new NewToken(t.id, t.name, token, t.expiresAt))
                                        .build());
    }

    @DELETE
    @Path("/tokens/{id}")
    @WithTransaction
    @Operation(summary = "Revokes one of your API tokens")
    public Uni<Response> revokeToken(@PathParam("id") String id) {
        return ApiToken.delete("id = ?1 and username = ?2", id, owners.current())
                .map(
                        n -> {
                            if (n == 0) {
                                throw new NotFoundException("you have no API token " + id);
                            }
                            return Response.noContent().build();
                        });
    }

    @GET
    @Path("/users")
    @RolesAllowed(Roles.ADMIN)
    @WithSession
    @Operation(summary = "Every user (administrators only)")
    public Uni<List<UserView>> users() {
        return users.list("deletedAt is null order by username")
                .map(all -> all.stream().map(UserView::of).toList());
    }

    @POST
    @Path("/users")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(
            summary = "Adds a user (administrators only)",
            description =
                    "role is 'user' (the default) or 'admin'. Without a password Knobs makes one"
                            + " and answers it, once.")
    public Uni<Response> createUser(UserRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("send {\"username\": …}");
        }
        boolean chosen = request.password() == null || request.password().isEmpty();
        String password = chosen ? Secrets.random(15) : request.password();
        String role = request.role() == null ? Roles.USER : request.role();
        return accounts.create(request.username(), password, role)
                .map(u -> new NewUser(u.username, u.role, chosen ? password : null))
                .map(made -> Response.status(201).entity(made).build());
    }

    @DELETE
    @Path("/users/{username}")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(
            summary = "Removes a user's login, sessions and tokens (administrators only)",
            description =
                    "Their datasets, experiments and models stay, owned by the removed name, which"
                            + " is never given to another user.")
    public Uni<Response> deleteUser(@PathParam("username") String username) {
        if (owners.current().equals(username)) {
            throw new IllegalArgumentException("you cannot remove yourself");
        }
        return users.findById(username)
                .flatMap(
                        u -> {
                            if (u == null || u.removed()) {
                                throw new NotFoundException("there is no user " + username);
                            }
                            u.deletedAt = Instant.now();
                            u.passwordHash = "";
                            return LoginSession.delete("username", username)
                                    .chain(() -> ApiToken.delete("username", username));
                        })
                .replaceWith(Response.noContent().build());
    }
}
