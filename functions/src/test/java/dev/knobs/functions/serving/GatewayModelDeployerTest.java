package dev.knobs.functions.serving;

import dev.knobs.eventing.Json;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.serving.gateway.GatewayModelDeployer;
import dev.knobs.functions.serving.gateway.ModelGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The model deployer contract on the embedded gateway. */
class GatewayModelDeployerTest extends ModelDeployerContract {
    private ModelGateway gateway;

    @Override
    protected ModelDeployer deployer() {
        if (gateway == null) {
            try {
                gateway =
                        new ModelGateway(
                                        "127.0.0.1",
                                        "127.0.0.1",
                                        Path.of("..", "trainer-image", "target", "trainer"),
                                        PlatformResource.CREDENTIALS,
                                        Duration.ofMinutes(1),
                                        Duration.ofSeconds(30))
                                .start(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return new GatewayModelDeployer(gateway);
    }

    @Override
    protected int servedRevision(String name) throws Exception {
        HttpResponse<String> status =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(gateway.urlOf(name))).build(),
                                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(status.body()).path("revision").asInt();
    }

    @Override
    protected String requiredToken(String name) {
        return gateway.requiredToken(name);
    }

    @org.junit.jupiter.api.Test
    void anOversizedRequestIsRefusedBeforeItIsReadOrTheModelStarted() throws Exception {
        ModelDeployer deployer = deployer();
        deployer.deploy(
                "big-000001",
                1,
                new dev.knobs.eventing.payload.ModelRef(
                        "http://127.0.0.1:9/nowhere", dev.knobs.eventing.payload.ModelRef.ONNX),
                null);
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
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String status =
                    new java.io.BufferedReader(
                                    new java.io.InputStreamReader(
                                            s.getInputStream(),
                                            java.nio.charset.StandardCharsets.US_ASCII))
                            .readLine();
            org.assertj.core.api.Assertions.assertThat(status).startsWith("HTTP/1.1 413");
        }
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
