package dev.knobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.domain.db.EmbeddedDatabase;
import dev.knobs.eventing.Json;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An upgrade from the last release before migrations: the packaged platform starts on a database
 * that release made and used (its dump, loaded into a PostgreSQL of its own, given as {@code
 * KNOBS_DB_URL}). It baselines and migrates it, its Hibernate finds the schema matching, and what
 * that release's users had is there: their password and API token work, their experiment with its
 * trials, its model and their notifications read as before; and new work runs on it.
 */
class UpgradeIT {
    /** Made by the release a5c37e4 in that database (see the dump's first lines). */
    static final String RELEASE_TOKEN =
            "knobs_b7e719a1db19_O_yHvHAiFP2NHqQ6LSmyfgpbo4r2LE3vd-68gSoK";

    static final String RELEASE_EXPERIMENT = "churn-8f8e56";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theNewReleaseStartsOnTheLastReleasesDatabaseAndKeepsWhatItHad() throws Exception {
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(null)) {
            try (Connection c =
                            DriverManager.getConnection(
                                    postgres.jdbcUrl(),
                                    EmbeddedDatabase.USER,
                                    EmbeddedDatabase.PASSWORD);
                    Statement s = c.createStatement();
                    InputStream dump =
                            UpgradeIT.class.getResourceAsStream("/upgrade/knobs-a5c37e4.sql")) {
                s.execute(new String(dump.readAllBytes(), StandardCharsets.UTF_8));
            }
            Path data = Files.createTempDirectory("knobs-upgrade");
            RunningPlatform.Started started =
                    RunningPlatform.launchReady(
                            data,
                            Map.of(
                                    "KNOBS_DB_URL", postgres.reactiveUrl(),
                                    "KNOBS_DB_USER", EmbeddedDatabase.USER,
                                    "KNOBS_DB_PASSWORD", EmbeddedDatabase.PASSWORD));
            Map<String, Integer> ports = started.ports();
            String base = started.base();
            Process platform = started.process();
            try {
                assertThat(Files.readString(data.resolve("web.log")))
                        .contains(
                                "database schema: a database made before migrations, baselined at"
                                        + " version 1; 1 migration(s) run, schema at version 2");
                try (Connection c =
                                DriverManager.getConnection(
                                        postgres.jdbcUrl(),
                                        EmbeddedDatabase.USER,
                                        EmbeddedDatabase.PASSWORD);
                        ResultSet r =
                                c.createStatement()
                                        .executeQuery(
                                                "select string_agg(version || ' ' || type, ', '"
                                                        + " order by installed_rank) from"
                                                        + " flyway_schema_history")) {
                    r.next();
                    assertThat(r.getString(1)).isEqualTo("1 BASELINE, 2 SQL");
                }

                // the release's token and experiment
                JsonNode e = json(get(base, "/api/experiments/" + RELEASE_EXPERIMENT), 200);
                assertThat(e.path("status").asText()).isEqualTo("SUCCEEDED");
                assertThat(e.path("trials").path("finished").asInt()).isEqualTo(4);
                assertThat(e.path("best").path("trialId").asText())
                        .isEqualTo(RELEASE_EXPERIMENT + "-t2");
                assertThat(
                                json(
                                        get(
                                                base,
                                                "/api/experiments/"
                                                        + RELEASE_EXPERIMENT
                                                        + "/leaderboard"),
                                        200))
                        .hasSize(4);
                assertThat(
                                get(
                                                base,
                                                "/api/experiments/"
                                                        + RELEASE_EXPERIMENT
                                                        + "/analysis/intermediate.svg")
                                        .statusCode())
                        .isEqualTo(200);
                assertThat(json(get(base, "/api/models"), 200).findValuesAsText("name"))
                        .contains(RELEASE_EXPERIMENT, "price");
                assertThat(json(get(base, "/api/notifications"), 200)).hasSize(4);

                // the release's other user logs in with her password
                HttpResponse<String> login =
                        HTTP.send(
                                HttpRequest.newBuilder(URI.create(base + "/login"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "username=dana&password="
                                                                + URLEncoder.encode(
                                                                        "dana-release-pw-1",
                                                                        StandardCharsets.UTF_8)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
                assertThat(login.headers().allValues("Set-Cookie"))
                        .anyMatch(c -> c.startsWith("knobs_session="));

                // new work on the upgraded database, up to a served model
                String dataset =
                        json(
                                        send(
                                                base,
                                                "/api/datasets?name=after-upgrade",
                                                "text/csv",
                                                Files.readAllBytes(
                                                        Path.of("..", "samples", "churn.csv"))),
                                        201)
                                .path("id")
                                .asText();
                String id =
                        json(
                                        send(
                                                base,
                                                "/api/experiments",
                                                "application/json",
                                                Json.MAPPER.writeValueAsBytes(
                                                        Map.of(
                                                                "name", "after-upgrade",
                                                                "datasetId", dataset,
                                                                "labelColumn", "churn",
                                                                "algorithm", "xgboost",
                                                                "searchSpace", "max_depth: 2..4",
                                                                "budget",
                                                                        Map.of(
                                                                                "maxTrials", 2,
                                                                                "parallelTrials",
                                                                                        2)))),
                                        201)
                                .path("id")
                                .asText();
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                () ->
                                        json(get(base, "/api/experiments/" + id), 200)
                                                .path("status")
                                                .asText()
                                                .equals("SUCCEEDED"));
                assertThat(
                                json(get(base, "/api/experiments/" + id), 200)
                                        .path("model")
                                        .path("url")
                                        .asText())
                        .startsWith("http://localhost:" + ports.get("gateway") + "/models/");
            } finally {
                platform.destroy();
                platform.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpResponse<String> get(String base, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + RELEASE_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String base, String path, String type, byte[] body)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + RELEASE_TOKEN)
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode())
                .as(response.uri() + " answered " + response.body())
                .isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }
}
