package dev.knobs.web;

import dev.knobs.domain.db.EmbeddedDatabase;
import dev.knobs.web.account.PasswordReset;
import dev.knobs.web.schema.Migrations;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts the web front. On the embedded default with no database configured ({@code KNOBS_DB_URL}
 * unset), it first starts a real PostgreSQL from Maven Central's binaries, keeping its data in
 * {@code $KNOBS_DATA_DIR/postgres}; either way it brings the database's schema up to date (Flyway,
 * docs/adr/0018) before the front starts. {@link dev.knobs.web.embedded.EmbeddedPlatform} then
 * starts the broker and the functions.
 */
@QuarkusMain
public final class KnobsMain {
    /** Where the database is when nothing says (as application.properties). */
    private static final String DEFAULT_DB_URL = "postgresql://localhost:5432/knobs";

    private KnobsMain() {}

    /** The database to reach over JDBC, and the embedded server when this process started it. */
    private record Database(String jdbc, String user, String password, EmbeddedDatabase started) {}

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("reset-password")) {
            System.exit(resetPassword(args));
        }
        boolean embedded = "embedded".equals(setting("KNOBS_MODE", "knobs.mode", "embedded"));
        Database db = database(embedded);
        if (db.started() != null) {
            System.setProperty("quarkus.datasource.reactive.url", db.started().reactiveUrl());
            System.setProperty("quarkus.datasource.username", db.user());
            System.setProperty("quarkus.datasource.password", db.password());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(db.started()::close, "knobs-postgres-stop"));
        }
        // the schema first: the front's Hibernate only validates it
        if ("false".equalsIgnoreCase(setting("KNOBS_DB_MIGRATE", "knobs.db.migrate", "true"))) {
            System.out.println("knobs: database schema: not migrated (KNOBS_DB_MIGRATE=false)");
        } else {
            System.out.println(
                    "knobs: database schema: "
                            + Migrations.migrateWhenReachable(
                                    db.jdbc(), db.user(), db.password(), Duration.ofSeconds(60)));
        }
        Quarkus.run(args);
    }

    /**
     * The configured database, or (with {@code startEmbedded} and none configured) a PostgreSQL
     * started here on the data folder.
     */
    private static Database database(boolean startEmbedded) {
        String url = setting("KNOBS_DB_URL", "quarkus.datasource.reactive.url", null);
        if (startEmbedded && url == null) {
            EmbeddedDatabase db = EmbeddedDatabase.start(dataDir().resolve("postgres"));
            return new Database(db.jdbcUrl(), EmbeddedDatabase.USER, db.password(), db);
        }
        return new Database(
                Migrations.jdbcUrl(url == null ? DEFAULT_DB_URL : url),
                setting("KNOBS_DB_USER", "quarkus.datasource.username", "knobs"),
                setting("KNOBS_DB_PASSWORD", "quarkus.datasource.password", "knobs"),
                null);
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
        boolean embedded = setting("KNOBS_DB_URL", "quarkus.datasource.reactive.url", null) == null;
        if (embedded && EmbeddedDatabase.running(dataDir().resolve("postgres"))) {
            System.err.println(
                    "Knobs is running on "
                            + dataDir()
                            + " (its PostgreSQL is): stop it first (Ctrl-C), then run this again.");
            return 75;
        }
        Database db = null;
        try {
            db = database(embedded);
            String fresh = PasswordReset.reset(db.jdbc(), db.user(), db.password(), args[1].trim());
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
            if (db != null && db.started() != null) {
                db.started().close();
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
