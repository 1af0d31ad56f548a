package dev.knobs.web.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knobs.domain.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema by migrations on a real PostgreSQL: a fresh database gets every version, a second run
 * changes nothing, and a database made by the last release before migrations (its dump, with that
 * release's rows) is baselined and upgraded with every row kept. That the entities match the
 * migrated schema is checked by every front test (Hibernate validates it at start).
 */
class MigrationsTest {
    /** pg_dump of a database the release a5c37e4 made and used (Hibernate's update). */
    static final String RELEASE_DUMP = "/upgrade/knobs-a5c37e4.sql";

    static EmbeddedDatabase postgres;

    @BeforeAll
    static void start() {
        postgres = EmbeddedDatabase.start(null);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void theListNamesEveryMigrationInTheFolderInOrder() throws IOException {
        List<String> folder;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", Migrations.FOLDER))) {
            folder = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(Migrations.FILES).containsExactlyInAnyOrderElementsOf(folder);
        for (int i = 0; i < Migrations.FILES.size(); i++) {
            assertThat(Migrations.FILES.get(i)).startsWith("V" + (i + 1) + "__");
        }
    }

    @Test
    void aFreshDatabaseGetsEveryVersionAndASecondRunChangesNothing() throws SQLException {
        String url = database("fresh");
        assertThat(Migrations.migrate(url, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD))
                .isEqualTo(Migrations.FILES.size() + " migration(s) run, schema at version 2");
        assertThat(Migrations.migrate(url, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD))
                .isEqualTo("0 migration(s) run, schema at version 2");
        assertThat(history(url)).containsExactly("1 SQL", "2 SQL");
    }

    @Test
    void aDatabaseOfTheLastReleaseBeforeMigrationsIsBaselinedAndUpgradedKeepingItsRows()
            throws Exception {
        String url = database("release");
        load(url, RELEASE_DUMP);
        List<String> before = counts(url);

        assertThat(Migrations.migrate(url, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD))
                .isEqualTo(
                        "a database made before migrations, baselined at version 1; 1"
                                + " migration(s) run, schema at version 2");

        assertThat(history(url)).containsExactly("1 BASELINE", "2 SQL");
        assertThat(counts(url)).isEqualTo(before).contains("experiments 1", "trials 4");
        assertThat(
                        one(
                                url,
                                "select extensions || '/' || extra_trials from submissions"
                                        + " where id = 'churn-8f8e56'"))
                .isEqualTo("0/0");
        assertThat(one(url, "select extensions from experiments where id = 'churn-8f8e56'"))
                .isEqualTo("0");
    }

    @Test
    void aSchemaThatIsNotKnobsIsLeftAloneWithASentence() throws SQLException {
        String url = database("other");
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            s.execute("create table invoices (id bigint primary key)");
        }
        assertThatThrownBy(
                        () ->
                                Migrations.migrate(
                                        url, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the database schema cannot be brought up to date:")
                .hasMessageContaining("non-empty");
        assertThat(
                        one(
                                url,
                                "select count(*) from information_schema.tables"
                                        + " where table_schema = 'public'"))
                .isEqualTo("1");
    }

    @Test
    void aReactiveUrlBecomesItsJdbcUrl() {
        assertThat(Migrations.jdbcUrl("postgresql://db:5432/knobs"))
                .isEqualTo("jdbc:postgresql://db:5432/knobs");
        assertThat(Migrations.jdbcUrl("postgres://db/knobs?sslmode=require"))
                .isEqualTo("jdbc:postgresql://db/knobs?sslmode=require");
        assertThat(Migrations.jdbcUrl("vertx-reactive:postgresql://db/knobs"))
                .isEqualTo("jdbc:postgresql://db/knobs");
    }

    /** A new, empty database on the server; its JDBC URL. */
    private static String database(String name) throws SQLException {
        try (Connection c = connect(postgres.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return postgres.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    private static void load(String url, String dump) throws IOException, SQLException {
        String sql;
        try (InputStream in = MigrationsTest.class.getResourceAsStream(dump)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> history(String url) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(url);
                ResultSet r =
                        c.createStatement()
                                .executeQuery(
                                        "select version, type from flyway_schema_history"
                                                + " where success order by installed_rank")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getString(2));
            }
        }
        return rows;
    }

    private static List<String> counts(String url) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (String table :
                List.of(
                        "users",
                        "api_tokens",
                        "datasets",
                        "submissions",
                        "experiments",
                        "trials",
                        "intermediate_results",
                        "models",
                        "model_revisions",
                        "user_notifications")) {
            rows.add(table + " " + one(url, "select count(*) from " + table));
        }
        return rows;
    }

    private static String one(String url, String query) throws SQLException {
        try (Connection c = connect(url);
                ResultSet r = c.createStatement().executeQuery(query)) {
            r.next();
            return r.getString(1);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
    }
}
