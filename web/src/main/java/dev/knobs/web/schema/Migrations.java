package dev.knobs.web.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The database schema by Flyway migrations (docs/adr/0018), run over JDBC before the front starts
 * (its Hibernate then only validates that the entities match). A database the last release before
 * migrations made — Knobs' tables, no history — is baselined at version 1, which is that release's
 * schema, and the later migrations run on it. Several fronts starting at once take turns (Flyway
 * holds a lock in the database). The migrations are listed here, not found by scanning the class
 * path (the packaged application's class loader lists no folders); a test checks the list against
 * the folder.
 */
public final class Migrations {
    /** Where the migrations are, on the class path. */
    public static final String FOLDER = "db/migration";

    /** Every migration, in order; a new one is added at the end, and none is ever edited. */
    public static final List<String> FILES =
            List.of("V1__schema_before_migrations.sql", "V2__experiment_extensions.sql");

    private Migrations() {}

    /** Brings the database at {@code jdbcUrl} to the newest schema; what it did, in a sentence. */
    public static String migrate(String jdbcUrl, String user, String password) {
        try {
            boolean before = madeBeforeMigrations(jdbcUrl, user, password);
            MigrateResult result =
                    Flyway.configure(Migrations.class.getClassLoader())
                            .dataSource(jdbcUrl, user, password)
                            .resourceProvider(new Listed())
                            .javaMigrationClassProvider(List::of)
                            .baselineOnMigrate(before)
                            .baselineVersion("1")
                            .baselineDescription("made before migrations, by Hibernate update")
                            .cleanDisabled(true)
                            .load()
                            .migrate();
            return (before ? "a database made before migrations, baselined at version 1; " : "")
                    + result.migrationsExecuted
                    + " migration(s) run, schema at version "
                    + (result.targetSchemaVersion == null
                            ? result.initialSchemaVersion
                            : result.targetSchemaVersion);
        } catch (FlywayException e) {
            throw new IllegalStateException(
                    "the database schema cannot be brought up to date: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #migrate}, waiting up to {@code patience} for the database to answer (a cluster's
     * database may start after the front); then the reason it cannot be reached.
     */
    public static String migrateWhenReachable(
            String jdbcUrl, String user, String password, Duration patience) {
        Instant until = Instant.now().plus(patience);
        while (true) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
                break;
            } catch (SQLException e) {
                if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException(
                            "cannot reach the database at "
                                    + jdbcUrl
                                    + " (waited "
                                    + patience.toSeconds()
                                    + " s): "
                                    + e.getMessage(),
                            e);
                }
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the database");
                }
            }
        }
        return migrate(jdbcUrl, user, password);
    }

    /** Knobs' tables are there, Flyway's history is not: the last release before migrations. */
    private static boolean madeBeforeMigrations(String jdbcUrl, String user, String password) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                ResultSet r =
                        c.createStatement()
                                .executeQuery(
                                        "select to_regclass('flyway_schema_history') is null"
                                                + " and to_regclass('experiments') is not null")) {
            return r.next() && r.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot reach the database at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JDBC URL of the front's reactive one: {@code postgresql://host:port/db} (or {@code
     * postgres://}, {@code vertx-reactive:postgresql://}) becomes {@code
     * jdbc:postgresql://host:port/db}.
     */
    public static String jdbcUrl(String reactiveUrl) {
        String url = reactiveUrl.trim();
        if (url.startsWith("vertx-reactive:")) {
            url = url.substring("vertx-reactive:".length());
        }
        if (url.toLowerCase(Locale.ROOT).startsWith("postgres://")) {
            url = "postgresql://" + url.substring("postgres://".length());
        }
        return url.startsWith("jdbc:") ? url : "jdbc:" + url;
    }

    /** The listed migrations, read from the class path. */
    private static final class Listed implements ResourceProvider {
        @Override
        public LoadableResource getResource(String name) {
            return FILES.contains(name) ? new Migration(name) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return FILES.stream()
                    .filter(f -> f.startsWith(prefix))
                    .filter(f -> Arrays.stream(suffixes).anyMatch(f::endsWith))
                    .<LoadableResource>map(Migration::new)
                    .toList();
        }
    }

    private static final class Migration extends LoadableResource {
        private final String name;

        Migration(String name) {
            this.name = name;
        }

        @Override
        public Reader read() {
            InputStream in =
                    Migrations.class.getClassLoader().getResourceAsStream(FOLDER + "/" + name);
            if (in == null) {
                throw new UncheckedIOException(
                        new IOException("migration " + name + " is missing from the application"));
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return FOLDER + "/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return null;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
