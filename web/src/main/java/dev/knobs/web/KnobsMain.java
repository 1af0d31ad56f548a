package dev.knobs.web;

import dev.knobs.domain.db.EmbeddedDatabase;
import dev.knobs.web.account.PasswordReset;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;

/**
 * Starts the web front. On the embedded default with no database configured ({@code KNOBS_DB_URL}
 * unset), it first starts a real PostgreSQL from Maven Central's binaries, keeping its data in
 * {@code $KNOBS_DATA_DIR/postgres}; {@link dev.knobs.web.embedded.EmbeddedPlatform} then starts the
 * broker and the functions.
 */
@QuarkusMain
public final class KnobsMain {
    private KnobsMain() {}

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("reset-password")) {
            System.exit(resetPassword(args));
        }
        String mode = setting("KNOBS_MODE", "knobs.mode", "embedded");
        String dbUrl = setting("KNOBS_DB_URL", "quarkus.datasource.reactive.url", null);
        if ("embedded".equals(mode) && dbUrl == null) {
            Path dataDir = dataDir();
            EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("postgres"));
            System.setProperty("quarkus.datasource.reactive.url", db.reactiveUrl());
            System.setProperty("quarkus.datasource.username", EmbeddedDatabase.USER);
            System.setProperty("quarkus.datasource.password", db.password());
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "knobs-postgres-stop"));
        }
        Quarkus.run(args);
    }

    private static Path dataDir() {
        return Path.of(
                setting(
                        "KNOBS_DATA_DIR",
                        "knobs.data-dir",
                        System.getProperty("user.home") + "/.knobs"));
    }

    /** {@code reset-password <user>}: a new one-time password, printed once (exit 0). */
    private static int resetPassword(String... args) {
        if (args.length != 2 || args[1].isBlank()) {
            System.err.println("usage: ./knobs reset-password <user name>");
            return 64;
        }
        String dbUrl = setting("KNOBS_DB_URL", "quarkus.datasource.reactive.url", null);
        EmbeddedDatabase db = null;
        try {
            String jdbc;
            String user = setting("KNOBS_DB_USER", "quarkus.datasource.username", "knobs");
            String password = setting("KNOBS_DB_PASSWORD", "quarkus.datasource.password", "knobs");
            if (dbUrl == null) {
                Path data = dataDir().resolve("postgres");
                if (EmbeddedDatabase.running(data)) {
                    System.err.println(
                            "Knobs is running on "
                                    + data.getParent()
                                    + " (its PostgreSQL is): stop it first (Ctrl-C), then run this"
                                    + " again.");
                    return 75;
                }
                db = EmbeddedDatabase.start(data);
                jdbc = db.jdbcUrl();
                user = EmbeddedDatabase.USER;
                password = db.password();
            } else {
                jdbc = "jdbc:" + dbUrl;
            }
            String fresh = PasswordReset.reset(jdbc, user, password, args[1].trim());
            if (fresh == null) {
                System.err.println("there is no user '" + args[1].trim() + "'");
                return 1;
            }
            System.out.println(
                    "The new password of "
                            + args[1].trim()
                            + " is: "
                            + fresh
                            + "\n(shown once; their logins have ended; they change it on the Account"
                            + " screen)");
            return 0;
        } catch (Exception e) {
            System.err.println("cannot reset the password: " + e.getMessage());
            return 1;
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    private static String setting(String env, String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
