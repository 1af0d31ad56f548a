package dev.knobs.web;

import dev.knobs.domain.db.EmbeddedDatabase;
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
        String mode = setting("KNOBS_MODE", "knobs.mode", "embedded");
        String dbUrl = setting("KNOBS_DB_URL", "quarkus.datasource.reactive.url", null);
        if ("embedded".equals(mode) && dbUrl == null) {
            Path dataDir =
                    Path.of(
                            setting(
                                    "KNOBS_DATA_DIR",
                                    "knobs.data-dir",
                                    System.getProperty("user.home") + "/.knobs"));
            EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("postgres"));
            System.setProperty("quarkus.datasource.reactive.url", db.reactiveUrl());
            System.setProperty("quarkus.datasource.username", EmbeddedDatabase.USER);
            System.setProperty("quarkus.datasource.password", db.password());
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "knobs-postgres-stop"));
        }
        Quarkus.run(args);
    }

    private static String setting(String env, String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
