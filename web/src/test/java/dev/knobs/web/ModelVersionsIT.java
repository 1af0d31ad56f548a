package dev.knobs.web;

import static dev.knobs.web.EmbeddedPlatformIT.get;
import static dev.knobs.web.EmbeddedPlatformIT.json;
import static dev.knobs.web.EmbeddedPlatformIT.post;
import static dev.knobs.web.EmbeddedPlatformIT.postJson;
import static dev.knobs.web.EmbeddedPlatformIT.send;
import static dev.knobs.web.EmbeddedPlatformIT.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.formats.SyntheticData;
import dev.knobs.trainer.OnnxModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Versions on the packaged embedded platform: an upload under a served name adds a version and
 * keeps the others callable; promotion, rollback, a 90/10 canary counted over 1,000 calls, a
 * retired version, a download, and taking the model down. And a CSV saved by Excel (a byte order
 * mark, ';' between cells) trains a model whose inputs are the column names.
 */
class ModelVersionsIT {
    private static final Map<String, Object> ROW = tensor("x", List.of(1, 3), 1, 1, 1);

    @BeforeAll
    static void startPlatform() throws Exception {
        RunningPlatform.start();
    }

    private static String version(String url) throws Exception {
        return json(postJson(url + "/v2/models/versioned/infer", ROW), 200)
                .path("model_version")
                .asText();
    }

    private static JsonNode versions() throws Exception {
        return json(get("/api/models/versioned/versions"), 200);
    }

    @Test
    void uploadsAddVersionsThatRollBackSplitAndRetire() throws Exception {
        json(
                post(
                        "/api/models?name=versioned",
                        "application/octet-stream",
                        OnnxModels.linear(new float[] {1, 1, 1}, 0f)),
                202);
        String url = EmbeddedPlatformIT.awaitModelUrl("versioned");
        assertThat(version(url)).isEqualTo("1");
        json(
                post(
                        "/api/models?name=versioned",
                        "application/octet-stream",
                        OnnxModels.linear(new float[] {2, 2, 2}, 0f)),
                202);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () ->
                                versions().size() == 2
                                        && versions()
                                                .get(1)
                                                .path("state")
                                                .asText()
                                                .equals("SERVED"));
        assertThat(version(url)).isEqualTo("2");
        // version 1 is still there, at its own URL
        JsonNode one = versions().get(0);
        assertThat(one.path("percent").asInt()).isZero();
        assertThat(
                        json(
                                        postJson(
                                                one.path("url").asText()
                                                        + "/v2/models/versioned/infer",
                                                ROW),
                                        200)
                                .path("outputs")
                                .get(0)
                                .path("data")
                                .get(0)
                                .asDouble())
                .isEqualTo(3.0);
        assertThat(version(url + "/versions/1")).isEqualTo("1");

        // roll back with one call
        assertThat(
                        json(postJson("/api/models/versioned/rollback", Map.of()), 200)
                                .get(0)
                                .path("percent")
                                .asInt())
                .isEqualTo(100);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> version(url).equals("1"));
        assertThat(json(get("/api/models/versioned"), 200).path("revision").asInt()).isEqualTo(1);
        assertThat(
                        json(postJson("/api/models/versioned/rollback", Map.of()), 409)
                                .path("error")
                                .asText())
                .contains("no served version before");

        // a 90/10 canary
        json(
                send(
                        "PUT",
                        "/api/models/versioned/traffic",
                        Map.of("primary", 1, "canary", 2, "canaryPercent", 10)),
                200);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () ->
                                json(get(url), 200).path("versions").get(1).path("percent").asInt()
                                        == 10);
        int canary = 0;
        for (int i = 0; i < 1000; i++) {
            canary += version(url).equals("2") ? 1 : 0;
        }
        assertThat(canary).as("calls to the canary of 1,000").isBetween(50, 150);
        assertThat(json(get("/api/models/versioned"), 200).path("canaryPercent").asInt())
                .isEqualTo(10);

        // bad traffic is a sentence and a 4xx
        assertThat(
                        json(
                                        send(
                                                "PUT",
                                                "/api/models/versioned/traffic",
                                                Map.of("primary", 9)),
                                        409)
                                .path("error")
                                .asText())
                .contains("no served version 9");
        assertThat(
                        json(
                                        send(
                                                "PUT",
                                                "/api/models/versioned/traffic",
                                                Map.of(
                                                        "primary",
                                                        1,
                                                        "canary",
                                                        2,
                                                        "canaryPercent",
                                                        100)),
                                        400)
                                .path("error")
                                .asText())
                .contains("1 to 99 percent");
        assertThat(
                        json(
                                        send(
                                                "PUT",
                                                "/api/models/versioned/scaling",
                                                Map.of("minScale", 5, "maxScale", 2)),
                                        400)
                                .path("error")
                                .asText())
                .contains("cannot be more than maxScale");

        // promote 2, retire 1: its URL stops answering
        json(send("PUT", "/api/models/versioned/traffic", Map.of("primary", 2)), 200);
        assertThat(
                        json(send("DELETE", "/api/models/versioned/versions/2", Map.of()), 409)
                                .path("error")
                                .asText())
                .contains("takes traffic");
        JsonNode retired = json(send("DELETE", "/api/models/versioned/versions/1", Map.of()), 200);
        assertThat(retired.get(0).path("state").asText()).isEqualTo("RETIRED");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () ->
                                postJson(url + "/versions/1/v2/models/versioned/infer", ROW)
                                                .statusCode()
                                        == 404);
        assertThat(version(url)).isEqualTo("2");

        // its file, for its owner
        var file = get("/api/models/versioned/versions/2/file");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("content-disposition"))
                .contains("attachment; filename=\"versioned-v2.onnx\"");

        // taken down: the endpoint goes, the name is free again
        assertThat(send("DELETE", "/api/models/versioned", Map.of()).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> get("/api/models/versioned").statusCode() == 404);
        assertThat(postJson(url + "/v2/models/versioned/infer", ROW).statusCode()).isEqualTo(404);
    }

    @Test
    void aCsvSavedByExcelTrainsAModelWhoseInputsAreTheColumnNames() throws Exception {
        String csv = "\uFEFF" + SyntheticData.churnCsv(200, 3).replace(',', ';');
        JsonNode dataset =
                json(
                        post(
                                "/api/datasets?name=excel.csv",
                                "text/csv",
                                csv.getBytes(StandardCharsets.UTF_8)),
                        201);
        assertThat(dataset.toString())
                .contains("\"age\"")
                .doesNotContain("\\ufeff")
                .doesNotContain("\uFEFF");
        JsonNode created =
                json(
                        postJson(
                                "/api/experiments",
                                Map.of(
                                        "name", "excel",
                                        "datasetId", dataset.path("id").asText(),
                                        "labelColumn", "churn",
                                        "algorithm", "xgboost",
                                        "searchSpace", "max_depth: 2..3",
                                        "budget", Map.of("maxTrials", 1, "parallelTrials", 1))),
                        201);
        String id = created.path("id").asText();
        JsonNode done = EmbeddedPlatformIT.awaitStatus(id, "SUCCEEDED", Duration.ofMinutes(3));
        JsonNode model = json(get("/api/models/" + done.path("model").path("name").asText()), 200);
        assertThat(model.path("inputs").findValuesAsText("name"))
                .containsExactly("age", "income", "plan", "visits", "tenure");
    }

    /**
     * Two objectives end to end: accuracy against model size, the front and the rule's pick
     * published; then the owner publishes another trial of the front, which becomes the next
     * version (the first stays, to roll back to).
     */
    @Test
    void aTwoObjectiveExperimentPublishesTheRulesPickAndTheOwnerCanPublishAnother()
            throws Exception {
        JsonNode dataset =
                json(
                        post(
                                "/api/datasets?name=fronts.csv",
                                "text/csv",
                                SyntheticData.churnCsv(300, 5).getBytes(StandardCharsets.UTF_8)),
                        201);
        JsonNode created =
                json(
                        postJson(
                                "/api/experiments",
                                Map.of(
                                        "name",
                                        "fronts",
                                        "datasetId",
                                        dataset.path("id").asText(),
                                        "labelColumn",
                                        "churn",
                                        "algorithm",
                                        "xgboost",
                                        "searchSpace",
                                        "max_depth: 1..6\nn_estimators: 3..60\n"
                                                + "maximize accuracy, minimize model_size_kb",
                                        "publishWithin",
                                        0.05,
                                        "budget",
                                        Map.of("maxTrials", 4, "parallelTrials", 2))),
                        201);
        String id = created.path("id").asText();
        JsonNode done = EmbeddedPlatformIT.awaitStatus(id, "SUCCEEDED", Duration.ofMinutes(3));
        JsonNode front = json(get("/api/experiments/" + id + "/pareto-front"), 200);
        int pick = front.path("published").asInt();
        assertThat(front.path("front").findValuesAsText("number")).contains(String.valueOf(pick));
        JsonNode trials = json(get("/api/experiments/" + id + "/trials"), 200);
        String pickId = null;
        String otherId = null;
        for (JsonNode t : trials) {
            if (t.path("number").asInt() == pick) {
                pickId = t.path("id").asText();
            } else if (t.path("state").asText().equals("SUCCEEDED")) {
                otherId = t.path("id").asText();
            }
        }
        assertThat(done.path("best").path("trialId").asText()).isEqualTo(pickId);
        String name = done.path("model").path("name").asText();
        assertThat(
                        json(
                                        post(
                                                "/api/experiments/"
                                                        + id
                                                        + "/trials/"
                                                        + pickId
                                                        + "/publish",
                                                "application/json",
                                                new byte[0]),
                                        409)
                                .path("error")
                                .asText())
                .contains("already the one");
        assertThat(otherId).as("another succeeded trial").isNotNull();
        JsonNode publishing =
                json(
                        post(
                                "/api/experiments/" + id + "/trials/" + otherId + "/publish",
                                "application/json",
                                new byte[0]),
                        202);
        assertThat(publishing.path("model").asText()).isEqualTo(name);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            JsonNode v = json(get("/api/models/" + name + "/versions"), 200);
                            return v.size() == 2
                                    && v.get(1).path("state").asText().equals("SERVED")
                                    && v.get(1).path("percent").asInt() == 100;
                        });
        assertThat(json(get("/api/models/" + name), 200).path("revision").asInt()).isEqualTo(2);
    }
}
