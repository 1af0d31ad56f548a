package dev.knobs.functions.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.serving.gateway.GatewayMetrics;
import dev.knobs.functions.serving.gateway.GatewayModelDeployer;
import dev.knobs.functions.serving.gateway.ModelGateway;
import dev.knobs.trainer.OnnxModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model deployer contract on the embedded gateway, and what the gateway itself promises with
 * real model servers: one start for a herd of first requests, a failed start failing them all at
 * once, versions by path, a canary's share of calls, every end-to-end header passed.
 */
class GatewayModelDeployerTest extends ModelDeployerContract {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private ModelGateway gateway;
    @TempDir Path dir;

    @Override
    protected ModelDeployer deployer() {
        if (gateway == null) {
            try {
                gateway =
                        new ModelGateway(
                                        null,
                                        "127.0.0.1",
                                        "127.0.0.1",
                                        Path.of("..", "trainer-image", "target", "trainer"),
                                        PlatformResource.CREDENTIALS,
                                        Duration.ofMinutes(1),
                                        Duration.ofSeconds(30),
                                        // one archive for every test here, written once
                                        Path.of("target", "model-server-cache"),
                                        GatewayMetrics.NONE)
                                .start(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return new GatewayModelDeployer(gateway);
    }

    private JsonNode status(String name) throws Exception {
        return Json.MAPPER.readTree(get(gateway.urlOf(name)).body());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    protected int servedRevision(String name) throws Exception {
        return status(name).path("revision").asInt();
    }

    @Override
    protected Map<Integer, Integer> traffic(String name) throws Exception {
        Map<Integer, Integer> traffic = new HashMap<>();
        status(name)
                .path("versions")
                .forEach(v -> traffic.put(v.path("version").asInt(), v.path("percent").asInt()));
        return traffic;
    }

    @Override
    protected String requiredToken(String name) {
        return gateway.requiredToken(name);
    }

    /** Versions of a real model: version n answers x·(n, n, n) + 0. */
    private ModelDeployer.Serving linear(
            String name, int primary, Integer canary, int percent, int... versions)
            throws Exception {
        List<ModelDeployer.Version> vs = new ArrayList<>();
        for (int v : versions) {
            Path file =
                    Files.write(
                            dir.resolve(name + "-" + v + ".onnx"),
                            OnnxModels.linear(new float[] {v, v, v}, 0f));
            vs.add(
                    new ModelDeployer.Version(
                            v, new ModelRef(file.toUri().toString(), ModelRef.ONNX)));
        }
        return new ModelDeployer.Serving(
                name, vs, primary, canary, percent, null, ModelDeployer.Scaling.DEFAULT);
    }

    private static final String ONE_ROW =
            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[1,1,1]}]}";

    private static HttpResponse<String> infer(String url, String name) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/v2/models/" + name + "/infer"))
                        .header("Content-Type", "application/json")
                        .header("X-Request-Id", "req-42")
                        .POST(HttpRequest.BodyPublishers.ofString(ONE_ROW))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHerdOfFirstRequestsSharesOneStartAndAllAreAnswered() throws Exception {
        deployer().apply(linear("herd-000001", 1, null, 0, 1));
        List<CompletableFuture<HttpResponse<String>>> herd = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            herd.add(
                    HTTP.sendAsync(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    gateway.urlOf("herd-000001")
                                                            + "/v2/models/herd-000001/infer"))
                                    .POST(HttpRequest.BodyPublishers.ofString(ONE_ROW))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        for (var answer : herd) {
            assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
            assertThat(answer.get().body()).contains("\"data\":[3.0]");
        }
        assertThat(status("herd-000001").path("coldStarts").asInt()).isEqualTo(1);
        assertThat(status("herd-000001").path("state").asText()).isEqualTo("warm");
    }

    @Test
    void aFailedStartFailsEveryWaitingRequestAtOnceWithTheReason() throws Exception {
        deployer()
                .apply(
                        new ModelDeployer.Serving(
                                "broken-000001",
                                List.of(
                                        new ModelDeployer.Version(
                                                1,
                                                new ModelRef(
                                                        dir.resolve("missing.onnx")
                                                                .toUri()
                                                                .toString(),
                                                        ModelRef.ONNX))),
                                1,
                                null,
                                0,
                                null,
                                ModelDeployer.Scaling.DEFAULT));
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(
                    HTTP.sendAsync(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    gateway.urlOf("broken-000001")
                                                            + "/v2/models/broken-000001/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        for (var answer : waiting) {
            assertThat(answer.get().statusCode()).isEqualTo(503);
            assertThat(answer.get().body()).contains("model broken-000001 version 1");
        }
        assertThat(status("broken-000001").path("coldStarts").asInt()).isEqualTo(1);
    }

    @Test
    void versionsAnswerByPathAndACanaryTakesItsShareOfCalls() throws Exception {
        ModelDeployer.Endpoint endpoint = deployer().apply(linear("split-000001", 1, 2, 10, 1, 2));
        String base = endpoint.url();
        // by the V2 path with a version, and by the version's own URL (V1 too)
        HttpResponse<String> two =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                base + "/v2/models/split-000001/versions/2/infer"))
                                .POST(HttpRequest.BodyPublishers.ofString(ONE_ROW))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(two.body()).contains("\"model_version\":\"2\"").contains("[6.0]");
        HttpResponse<String> one = infer(deployer().versionUrl("split-000001", 1), "split-000001");
        assertThat(one.body()).contains("\"model_version\":\"1\"");
        assertThat(get(base + "/v2/models/split-000001/versions/7").statusCode()).isEqualTo(404);
        // 1,000 calls: about 900 to version 1, 100 to the canary
        int canary = 0;
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> r = infer(base, "split-000001");
            assertThat(r.statusCode()).isEqualTo(200);
            canary += r.body().contains("\"model_version\":\"2\"") ? 1 : 0;
        }
        assertThat(canary).isBetween(50, 150);
        // every end-to-end header passes both ways
        HttpResponse<String> headers = infer(base, "split-000001");
        assertThat(headers.headers().firstValue("content-type")).contains("application/json");
        assertThat(headers.headers().firstValue("content-length")).isPresent();
        // a promotion: version 2 takes everything
        deployer().apply(linear("split-000001", 2, null, 0, 1, 2));
        for (int i = 0; i < 20; i++) {
            assertThat(infer(base, "split-000001").body()).contains("\"model_version\":\"2\"");
        }
    }

    @Test
    void aRestrictedModelRefusesAStrangerBeforeAnythingStarts() throws Exception {
        String hash = dev.knobs.eventing.Hashes.sha256("knobs_model_secret");
        ModelDeployer.Serving open = linear("locked-000001", 1, null, 0, 1);
        deployer()
                .apply(
                        new ModelDeployer.Serving(
                                open.name(), open.versions(), 1, null, 0, hash, open.scaling()));
        assertThat(infer(gateway.urlOf("locked-000001"), "locked-000001").statusCode())
                .isEqualTo(401);
        assertThat(status("locked-000001").path("coldStarts").asInt()).isZero();
        // health checks stay open
        assertThat(get(gateway.urlOf("locked-000001") + "/v2/health/live").statusCode())
                .isEqualTo(200);
        HttpResponse<String> holder =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                gateway.urlOf("locked-000001")
                                                        + "/v2/models/locked-000001/infer"))
                                .header("Authorization", "Bearer knobs_model_secret")
                                .POST(HttpRequest.BodyPublishers.ofString(ONE_ROW))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(holder.statusCode()).as(holder.body()).isEqualTo(200);
    }

    @Test
    void anOversizedRequestIsRefusedBeforeItIsReadOrTheModelStarted() throws Exception {
        deployer().apply(serving("big-000001", 1, null, 0, null, 1));
        URI url = URI.create(gateway.urlOf("big-000001"));
        try (java.net.Socket s = new java.net.Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(
                            ("POST "
                                            + url.getPath()
                                            + "/v2/models/big-000001/infer HTTP/1.1\r\nHost: x\r\n"
                                            + "Content-Type: application/json\r\n"
                                            + "Content-Length: 40000000\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String status =
                    new java.io.BufferedReader(
                                    new java.io.InputStreamReader(
                                            s.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
            assertThat(status).startsWith("HTTP/1.1 413");
        }
        assertThat(status("big-000001").path("coldStarts").asInt()).isZero();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
