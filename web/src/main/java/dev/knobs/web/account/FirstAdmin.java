package dev.knobs.web.account;

import dev.knobs.web.Owners;
import dev.knobs.web.config.WebConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * At a start with no users, makes the first administrator: with {@code KNOBS_ADMIN_PASSWORD} when
 * set, otherwise with a one-time password printed once to the log, and with the API token {@code
 * KNOBS_ADMIN_TOKEN} when set. Data made before logins existed (owner {@value Owners#LOCAL})
 * becomes theirs.
 */
public class FirstAdmin {
    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);
    private static final java.time.Duration RETRY = java.time.Duration.ofSeconds(5);
    private static final List<String> OWNED =
            List.of("datasets", "submissions", "experiments", "models", "user_notifications");

    @Inject Accounts accounts;
    @Inject Users users;
    @Inject WebConfig config;

    /**
     * Tries at start; when the database cannot be reached yet (a cluster starting in any order),
     * the front starts anyway and keeps trying in the background until it can.
     */
    void onStart(@Observes StartupEvent event) {
        if (attempt()) {
            return;
        }
        Thread retry =
                new Thread(
                        () -> {
                            while (!attempt()) {
                                try {
                                    Thread.sleep(RETRY.toMillis());
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                            }
                        },
                        "knobs-first-admin");
        retry.setDaemon(true);
        retry.start();
    }

    private boolean attempt() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::ensure));
            return true;
        } catch (IllegalArgumentException e) {
            // a setting that cannot work (a short KNOBS_ADMIN_TOKEN, a bad KNOBS_ADMIN_PASSWORD)
            LOG.errorf("the first administrator was not made: %s", e.getMessage());
            return true;
        } catch (Throwable e) {
            LOG.warnf(
                    "cannot check for the first administrator yet (%s); trying again in %d s",
                    e.getMessage(), RETRY.toSeconds());
            return false;
        }
    }

    Uni<Void> ensure() {
        return users.count().flatMap(n -> n > 0 ? Uni.createFrom().voidItem() : makeAdmin());
    }

    private Uni<Void> makeAdmin() {
        WebConfig.Accounts settings = config.accounts();
        boolean generated = settings.adminPassword().filter(p -> !p.isBlank()).isEmpty();
        String password = generated ? Secrets.random(15) : settings.adminPassword().orElseThrow();
        String name = settings.adminUsername();
        return accounts.create(name, password, Roles.ADMIN)
                .flatMap(admin -> token(admin.username).chain(() -> adopt(admin.username)))
                .invoke(() -> announce(name, password, generated));
    }

    private Uni<Void> token(String admin) {
        String token = config.accounts().adminToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            return Uni.createFrom().voidItem();
        }
        if (token.length() < 20) {
            return Uni.createFrom()
                    .failure(
                            new IllegalArgumentException(
                                    "KNOBS_ADMIN_TOKEN needs at least 20 characters"));
        }
        return accounts.saveToken(Secrets.randomHex(6), token, admin, "KNOBS_ADMIN_TOKEN", null)
                .replaceWithVoid();
    }

    private static Uni<Void> adopt(String admin) {
        Uni<Integer> all = Uni.createFrom().item(0);
        for (String table : OWNED) {
            String update = "update " + table + " set owner = ?1 where owner = ?2";
            all = all.chain(() -> Panache.getSession().chain(s -> adopt(s, update, admin)));
        }
        return all.replaceWithVoid();
    }

    private static Uni<Integer> adopt(Mutiny.Session s, String update, String admin) {
        return s.createNativeQuery(update)
                .setParameter(1, admin)
                .setParameter(2, Owners.LOCAL)
                .executeUpdate();
    }

    private void announce(String username, String password, boolean generated) {
        if (generated) {
            LOG.infof(
                    "%n%n  First start: the administrator '%s' was made with the one-time password%n"
                            + "      %s%n  Log in at %s/login and change it on the Account screen;"
                            + " it is not shown again.%n",
                    username, password, config.publicUrl());
        } else {
            LOG.infof(
                    "First start: the administrator '%s' was made with KNOBS_ADMIN_PASSWORD",
                    username);
        }
    }
}
