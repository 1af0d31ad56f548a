package dev.knobs.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import dev.knobs.formats.SyntheticData;
import dev.knobs.trainer.serve.ServeCommand;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of the Open Inference Protocol (V2) and the KServe V1 form, against the three kinds of
 * model Knobs serves: an ONNX model and an XGBoost model trained by Knobs (with a card: one input
 * per column), and an uploaded ONNX model (its own tensors).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingConformanceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ROW =
            "{\"age\":20,\"income\":20000,\"plan\":\"gold\",\"visits\":30,\"tenure\":9.5}";

    private Path dir;
    private final Map<String, ServeCommand> servers = new HashMap<>();

    @BeforeAll
    void serveThreeModels(@TempDir Path dir) throws Exception {
        this.dir = dir;
        String csv = SyntheticData.churnCsv(600, 11);
        serve("onnx", "onnx", train(csv, "linear-sgd", "{\"learning_rate\": 0.1, \"epochs\": 3}"));
        serve(
                "xgb",
                "xgboost-json",
                train(csv, "xgboost", "{\"max_depth\": 3, \"n_estimators\": 20}"));
        serve("uploaded", "onnx", write("up.onnx", OnnxModels.linear(new float[] {1, 2, 3}, 0.5f)));
        // saved by a user's own trainer (examples/xgboost/train.py) with Python's XGBoost 1.7
        serve("own-xgb", "xgboost-json", Path.of(OWN_XGBOOST).toAbsolutePath());
        serve(
                "lenient",
                "onnx",
                write(
                        "lenient.onnx",
                        OnnxModels.linear(
                                new float[] {1, 1}, 0f, Map.of("knobs.allow_non_finite", "true"))));
    }

    @AfterAll
    void stop() {
        servers.values().forEach(ServeCommand::stop);
    }

    private Path train(String csv, String algorithm, String hparams) throws Exception {
        TrainAndServeTest.Run run =
                TrainAndServeTest.train(
                        TrainAndServeTest.contract(dir, csv, "churn", algorithm, hparams));
        assertThat(run.exit()).as(run.output()).isZero();
        return Files.move(dir.resolve("model.bin"), dir.resolve(algorithm + ".model"));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private void serve(String name, String format, Path model) throws Exception {
        Map<String, String> env =
                Map.of(
                        "KNOBS_MODEL_NAME",
                        name,
                        "KNOBS_MODEL_VERSION",
                        "3",
                        "KNOBS_MODEL_URL",
                        model.toUri().toString(),
                        "KNOBS_MODEL_FORMAT",
                        format,
                        "PORT",
                        "0",
                        "KNOBS_HOST",
                        "127.0.0.1");
        ServeCommand server = new ServeCommand(env::get).start();
        servers.put(name, server);
        // the model loads in the background: poll its readiness with a deadline
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (call("GET", name, "/v2/models/" + name + "/ready", null).status != 200) {
            assertThat(System.nanoTime()).as("model " + name + " ready").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private record Answer(int status, JsonNode body) {
        String error() {
            return body.path("error").asText();
        }
    }

    private Answer call(String method, String model, String path, String body) throws Exception {
        HttpRequest.Builder r =
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + servers.get(model).port() + path));
        r.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Json.MAPPER.readTree(response.body()));
    }

    private Answer infer(String model, String body) throws Exception {
        return call("POST", model, "/v2/models/" + model + "/infer", body);
    }

    private Answer predict(String model, String body) throws Exception {
        return call("POST", model, "/v1/models/" + model + ":predict", body);
    }

    /** A valid V2 request for a model with a card, with input {@code age} replaced. */
    private static String cardRequest(String age) {
        return "{\"id\":\"r-1\",\"inputs\":["
                + age
                + ",{\"name\":\"income\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[20000,30000]}"
                + ",{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"gold\",\"basic\"]}"
                + ",{\"name\":\"visits\",\"datatype\":\"INT64\",\"shape\":[2,1],\"data\":[[30],[0]]}"
                + ",{\"name\":\"tenure\",\"datatype\":\"FP64\",\"shape\":[2],\"data\":[9.5,0.2]}]}";
    }

    private static final String AGE =
            "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[20,78]}";

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "xgb"})
    void aKnobsModelAnswersAValidRequestAndRefusesEveryBrokenRule(String model) throws Exception {
        Answer ok = infer(model, cardRequest(AGE));
        assertThat(ok.status).as(ok.body.toString()).isEqualTo(200);
        assertThat(ok.body.path("model_version").asText()).isEqualTo("3");
        assertThat(ok.body.path("id").asText()).isEqualTo("r-1");
        assertThat(ok.body.path("outputs").findValuesAsText("name"))
                .containsExactly("label", "probabilities");
        assertThat(ok.body.path("outputs").get(1).path("shape").toString()).isEqualTo("[2,2]");

        Map<String, String> broken = new java.util.LinkedHashMap<>();
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[3],\"data\":[20,78]}",
                "has shape [3] (3 values) but 2 values");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FOO\",\"shape\":[2],\"data\":[20,78]}",
                "does not have");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"20\",\"78\"]}",
                "a number (FP32) in this model, not BYTES");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[\"NaN\",78]}",
                "finite numbers");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1e39,78]}",
                "out of range for FP32");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[null,78]}",
                "not null");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"INT8\",\"shape\":[2],\"data\":[20,780]}",
                "out of range for INT8");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[20.5,78]}",
                "whole numbers");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[[20,78]]}",
                "[n] or [n, 1]");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[2,1],\"data\":[[20,78]]}",
                "nests its data differently");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[[20],78]}",
                "uneven");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[3],\"data\":[20,78,1]}",
                "same number of rows");
        broken.put(
                "{\"name\":\"aeg\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[20,78]}",
                "unknown input 'aeg'; the inputs are age, income, plan, visits, tenure");
        broken.put("{\"name\":\"age\",\"shape\":[2],\"data\":[20,78]}", "needs a \"datatype\"");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"data\":[20,78]}", "needs a \"shape\"");
        broken.put(
                "{\"name\":\"age\",\"datatype\":\"FP32\",\"shape\":[-2],\"data\":[20,78]}",
                "non-negative whole numbers");
        for (var e : broken.entrySet()) {
            Answer a = infer(model, cardRequest(e.getKey()));
            assertThat(a.status).as(e.getKey() + " → " + a.body).isEqualTo(400);
            assertThat(a.error()).as(e.getKey()).contains(e.getValue());
        }
        Answer missing = infer(model, "{\"inputs\":[" + AGE + "]}");
        assertThat(missing.status).isEqualTo(400);
        assertThat(missing.error()).contains("missing inputs 'income', 'plan', 'visits', 'tenure'");
        Answer output =
                infer(
                        model,
                        cardRequest(AGE).replace("]}", "],\"outputs\":[{\"name\":\"score\"}]}"));
        assertThat(output.error())
                .contains("unknown output 'score'; the outputs are label, probabilities");
        Answer only =
                infer(
                        model,
                        cardRequest(AGE).replace("]}", "],\"outputs\":[{\"name\":\"label\"}]}"));
        assertThat(only.body.path("outputs").findValuesAsText("name")).containsExactly("label");
        // the data may come before its datatype
        String dataFirst =
                "{\"data\":[20,78],\"name\":\"age\",\"shape\":[2],\"datatype\":\"FP32\"}";
        assertThat(infer(model, cardRequest(dataFirst)).body.path("outputs"))
                .isEqualTo(ok.body.path("outputs"));
        assertThat(infer(model, "[1]").error()).contains("must be a JSON object");
        assertThat(infer(model, "{not json").error()).contains("not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "xgb"})
    void theNamedFeatureFormTakesObjectsAndListsAndRefusesUnknownOrMissingKeys(String model)
            throws Exception {
        Answer objects = predict(model, "{\"instances\":[" + ROW + "]}");
        assertThat(objects.status).as(objects.body.toString()).isEqualTo(200);
        Answer lists = predict(model, "{\"instances\":[[20,20000,\"gold\",30,9.5]]}");
        assertThat(lists.body).isEqualTo(objects.body);
        Answer v2 = infer(model, cardRequest(AGE));
        assertThat(objects.body.path("predictions").get(0).path("label").asText())
                .isEqualTo(v2.body.path("outputs").get(0).path("data").get(0).asText());

        assertThat(
                        predict(
                                        model,
                                        "{\"instances\":["
                                                + ROW.replace("}", ",\"colour\":1}")
                                                + "]}")
                                .error())
                .contains(
                        "unknown input 'colour'; the inputs are age, income, plan, visits, tenure");
        assertThat(predict(model, "{\"instances\":[{\"age\":20}]}").error())
                .contains("missing inputs 'income', 'plan', 'visits', 'tenure'");
        assertThat(
                        predict(model, "{\"instances\":[" + ROW.replace("20,", "\"NaN\",") + "]}")
                                .error())
                .contains("feature 'age' must be a finite number");
        assertThat(predict(model, "{\"instances\":[[20,20000]]}").error())
                .contains(
                        "lists 2 values; this model takes 5, in the order age, income, plan, visits, tenure");
        // a value marked unknown is imputed as the model learned to
        assertThat(predict(model, "{\"instances\":[" + ROW.replace("20,", "null,") + "]}").status)
                .isEqualTo(200);
        Answer status = call("GET", model, "/v1/models/" + model, null);
        assertThat(status.body.toString()).isEqualTo("{\"name\":\"" + model + "\",\"ready\":true}");
        assertThat(call("GET", model, "/v1/models/" + model + ":predict", null).status)
                .isEqualTo(405);
        assertThat(call("POST", model, "/v2/models/" + model, "{}").status).isEqualTo(405);
        assertThat(call("GET", model, "/v2/models/" + model + "/versions/2", null).status)
                .isEqualTo(404);
        assertThat(call("GET", model, "/v2/models/" + model + "/versions/3", null).status)
                .isEqualTo(200);
    }

    @Test
    void anUploadedModelIsHeldToItsOwnInputs() throws Exception {
        String x =
                "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,3],\"data\":[[1,2,3],[0,0,1]]}";
        Answer ok = infer("uploaded", "{\"inputs\":[" + x + "]}");
        assertThat(ok.status).as(ok.body.toString()).isEqualTo(200);
        assertThat(ok.body.path("outputs").get(0).path("data").toString()).isEqualTo("[14.5,3.5]");
        Map<String, String> broken = new java.util.LinkedHashMap<>();
        broken.put(x.replace("FP32", "FP64"), "is FP32 in this model, not FP64");
        broken.put(x.replace("[2,3]", "[3,2]"), "nests its data differently");
        broken.put(
                x.replace("[2,3]", "[6]").replace("[[1,2,3],[0,0,1]]", "[1,2,3,0,0,1]"),
                "has shape [-1, 3] in this model");
        broken.put(x.replace("[[1,2,3],[0,0,1]]", "[[1,2,3],[0,0,\"NaN\"]]"), "finite numbers");
        broken.put(x.replace("\"x\"", "\"z\""), "unknown input 'z'; the inputs are x");
        broken.put(x.replace("FP32", "TEXT"), "does not have");
        for (var e : broken.entrySet()) {
            Answer a = infer("uploaded", "{\"inputs\":[" + e.getKey() + "]}");
            assertThat(a.status).as(e.getKey() + " → " + a.body).isEqualTo(400);
            assertThat(a.error()).as(e.getKey()).contains(e.getValue());
        }
        // V1: rows of its one input, as lists or as objects
        Answer rows = predict("uploaded", "{\"instances\":[[1,2,3],[0,0,1]]}");
        assertThat(rows.body.toString()).isEqualTo("{\"predictions\":[[14.5],[3.5]]}");
        assertThat(predict("uploaded", "{\"instances\":[{\"x\":[1,2,3]}]}").body.toString())
                .isEqualTo("{\"predictions\":[[14.5]]}");
        assertThat(predict("uploaded", "{\"instances\":[{\"x\":[1,2,3],\"y\":1}]}").error())
                .contains("unknown input 'y'; the inputs are x");
        assertThat(predict("uploaded", "{\"instances\":[[1,2]]}").error())
                .contains("in this model");
    }

    @Test
    void aModelThatDeclaresItTakesNonFiniteNumbersGetsThem() throws Exception {
        Answer a =
                infer(
                        "lenient",
                        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[\"NaN\",1]}]}");
        assertThat(a.status).as(a.body.toString()).isEqualTo(200);
        assertThat(a.body.path("outputs").get(0).path("data").get(0).asText()).isEqualTo("NaN");
        assertThat(
                        call("GET", "lenient", "/v2/models/lenient", null)
                                .body
                                .path("parameters")
                                .path("allow_non_finite")
                                .asBoolean())
                .isTrue();
    }

    @Test
    void tooManyValuesOrTooLargeABodyIsAnswered413() throws Exception {
        Answer shape =
                infer(
                        "uploaded",
                        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2000000,3],\"data\":[]}]}");
        assertThat(shape.status).isEqualTo(413);
        assertThat(shape.error()).contains("4000000 values");
        // a declared length past the limit: refused before it is read
        byte[] big = new byte[(16 << 20) + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> declared =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(url("uploaded", "/v2/models/uploaded/infer")))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("larger than 16 MiB");
        // a chunked body is answered as soon as it passes the limit
        HttpURLConnection c =
                (HttpURLConnection)
                        URI.create(url("uploaded", "/v2/models/uploaded/infer"))
                                .toURL()
                                .openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setChunkedStreamingMode(1 << 16);
        try (OutputStream out = c.getOutputStream()) {
            for (int i = 0; i < 20 * 16; i++) {
                out.write(big, 0, 1 << 16);
            }
        } catch (java.io.IOException closed) {
            // the server answered and closed the connection before the body ended
        }
        assertThat(c.getResponseCode()).isEqualTo(413);
        try (InputStream err = c.getErrorStream()) {
            assertThat(new String(err.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("larger than 16 MiB");
        }
    }

    private String url(String model, String path) {
        return "http://127.0.0.1:" + servers.get(model).port() + path;
    }

    static final String OWN_XGBOOST =
            "../formats/src/test/resources/models/xgboost-own-trainer.json";

    @Test
    void anXGBoostModelFromAUsersOwnTrainerAnswersByItsFeatureNamesAsPythonPredicts()
            throws Exception {
        Answer answer =
                predict(
                        "own-xgb",
                        "{\"instances\":[{\"age\":66,\"income\":22049.76,\"plan=basic\":1,"
                                + "\"plan=gold\":0,\"plan=plus\":0,\"visits\":11,\"tenure\":4.817},"
                                + "{\"age\":30,\"income\":30000,\"plan=basic\":0,\"plan=gold\":1,"
                                + "\"plan=plus\":0,\"visits\":2,\"tenure\":0.5}]}");
        assertThat(answer.status).as(answer.body.toString()).isEqualTo(200);
        JsonNode p = answer.body.path("predictions");
        // what xgboost.Booster.predict answers for the same rows in Python
        assertThat(p.get(0).path("probabilities").path("yes").asDouble())
                .isCloseTo(0.40787783, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(p.get(1).path("probabilities").path("yes").asDouble())
                .isCloseTo(0.4432384, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(p.findValuesAsText("label")).containsExactly("no", "no");
        JsonNode meta = call("GET", "own-xgb", "/v2/models/own-xgb", null).body;
        assertThat(meta.path("inputs").findValuesAsText("name")).contains("plan=gold", "tenure");
    }

    @Test
    void xgboostAnswersManyCallersAtOnceAsItAnswersOne() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add("{\"instances\":[" + ROW.replace("20,", (18 + i) + ",") + "]}");
        }
        List<String> alone = new ArrayList<>();
        for (String b : bodies) {
            alone.add(predict("xgb", b).body.toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<String>> together = new ArrayList<>();
                for (String b : bodies) {
                    together.add(pool.submit(() -> predict("xgb", b).body.toString()));
                }
                for (int i = 0; i < bodies.size(); i++) {
                    assertThat(together.get(i).get()).isEqualTo(alone.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
