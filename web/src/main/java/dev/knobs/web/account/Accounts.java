package dev.knobs.web.account;

import dev.knobs.domain.account.UserAccount;
import dev.knobs.eventing.Hashes;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.error.ConflictException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Users, logins and tokens. Callers hold the Hibernate session (and the transaction where they
 * change something); bcrypt runs on a worker thread and the result comes back on the caller's
 * context.
 */
@ApplicationScoped
public class Accounts {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    @Inject Vertx vertx;
    @Inject WebConfig config;
    @Inject Users users;

    /**
     * The user whose name and password these are, or null (also for a removed user). Takes as long
     * for unknown names.
     */
    public Uni<UserAccount> check(String username, String password) {
        String name = normalise(username);
        return users.findById(name == null ? "" : name)
                .map(user -> user == null || user.removed() ? null : user)
                .flatMap(
                        user ->
                                vertx.executeBlocking(
                                                Uni.createFrom()
                                                        .item(() -> matches(password, user)))
                                        .map(ok -> ok ? user : null));
    }

    private static boolean matches(String password, UserAccount user) {
        return Passwords.matches(password, user == null ? null : user.passwordHash);
    }

    /** Makes a user; a 400 with the reason for a bad name, password or role, 409 when taken. */
    public Uni<UserAccount> create(String username, String password, String role) {
        String name = normalise(username);
        if (name == null || !USERNAME.matcher(name).matches()) {
            return Uni.createFrom()
                    .failure(
                            new IllegalArgumentException(
                                    "a user name has 2 to 64 characters: letters, digits, '.', '_'"
                                            + " or '-', starting with a letter or digit"));
        }
        if (!Roles.valid(role)) {
            return Uni.createFrom()
                    .failure(new IllegalArgumentException("role must be 'user' or 'admin'"));
        }
        String problem = Passwords.problem(password);
        if (problem != null) {
            return Uni.createFrom().failure(new IllegalArgumentException(problem));
        }
        return users.findById(name)
                .flatMap(
                        existing -> {
                            if (existing != null) {
                                return Uni.createFrom().failure(taken(existing));
                            }
                            return hash(password)
                                    .flatMap(
                                            hash -> {
                                                UserAccount u = new UserAccount();
                                                u.username = name;
                                                u.passwordHash = hash;
                                                u.role = role;
                                                u.createdAt = Instant.now();
                                                return users.persist(u);
                                            });
                        });
    }

    private static ConflictException taken(UserAccount existing) {
        return new ConflictException(
                existing.removed()
                        ? "the user name "
                                + existing.username
                                + " belonged to a removed user and still names their data; choose"
                                + " another"
                        : "the user name " + existing.username + " is taken");
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> Passwords.hash(password)));
    }

    /**
     * A new login for {@code user}; the returned secret goes into the cookie, once. Logins that
     * have expired (anyone's) are deleted on the way.
     */
    public Uni<String> startSession(UserAccount user) {
        Instant now = Instant.now();
        return LoginSession.delete(
                        "lastSeenAt < ?1 or createdAt < ?2",
                        now.minus(config.accounts().sessionIdleTimeout()),
                        now.minus(config.accounts().sessionMaxAge()))
                .chain(() -> persistSession(user));
    }

    private Uni<String> persistSession(UserAccount user) {
        String secret = Secrets.random(32);
        LoginSession s = new LoginSession();
        s.id = Hashes.sha256(secret);
        s.username = user.username;
        s.csrfToken = Secrets.random(24);
        s.createdAt = Instant.now();
        s.lastSeenAt = s.createdAt;
        return s.persist().replaceWith(secret);
    }

    /**
     * Keeps an API token of {@code username}: only the SHA-256 of {@code secret} (the whole token),
     * under the public {@code id}.
     */
    public Uni<ApiToken> saveToken(
            String id, String secret, String username, String name, Instant expiresAt) {
        ApiToken t = new ApiToken();
        t.id = id;
        t.username = username;
        t.name = name;
        t.hash = Hashes.sha256(secret);
        t.createdAt = Instant.now();
        t.expiresAt = expiresAt;
        return t.persist();
    }

    /** How a user name is compared everywhere (logins, throttling, new users). */
    public static String normalise(String username) {
        return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }
}
