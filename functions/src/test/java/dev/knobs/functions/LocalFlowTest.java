package dev.knobs.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;

/** The experiment flow on the embedded adapters: child-process trials, the local model gateway. */
@QuarkusTest
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class LocalFlowTest extends ExperimentFlowContract {
    @Override
    protected String prefix() {
        return "local";
    }

    @Override
    protected void assertServes(String url, String name) throws Exception {
        // each trial ran exactly once although every trial-requested arrived twice (the log
        // appends)
        for (var t : TuningLoopTest.trials(name)) {
            String output =
                    Files.readString(
                            PlatformResource.root
                                    .resolve("trials")
                                    .resolve(t.id)
                                    .resolve("output.log"));
            assertThat(output.lines().filter(l -> l.startsWith("accuracy=")).count())
                    .as(t.id)
                    .isEqualTo(1);
        }
        // the endpoint cold-starts, answers, and names the classes
        String answer =
                given().body(
                                "{\"instances\":[{\"x1\":2.0,\"x2\":-1.0,\"color\":\"red\"},{\"x1\":-2.0,\"x2\":1.5,\"color\":\"blue\"}]}")
                        .post(url + "/v1/models/" + name + ":predict")
                        .then()
                        .log()
                        .ifValidationFails()
                        .statusCode(200)
                        .extract()
                        .asString();
        JsonNode predictions = Json.MAPPER.readTree(answer).path("predictions");
        assertThat(predictions.get(0).path("label").asText()).isEqualTo("yes");
        assertThat(predictions.get(1).path("label").asText()).isEqualTo("no");
    }
}
