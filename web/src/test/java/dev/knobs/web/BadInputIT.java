package dev.knobs.web;

import static dev.knobs.web.EmbeddedPlatformIT.HTTP;
import static dev.knobs.web.EmbeddedPlatformIT.get;
import static dev.knobs.web.EmbeddedPlatformIT.json;
import static dev.knobs.web.EmbeddedPlatformIT.post;
import static dev.knobs.web.EmbeddedPlatformIT.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.GoldenEvents;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.eventing.trust.EventSignatures;
import dev.knobs.eventing.trust.PlatformKey;
import dev.knobs.formats.SyntheticData;
import dev.knobs.trainer.OnnxModels;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A corpus of bad input — CSV files, search-space text, experiment requests, model files, trainer
 * archives, CloudEvents and inference requests — sent to the packaged platform. Every answer is
 * below 500; every 4xx carries a sentence a person can act on (no exception names, no stack
 * traces); and what was stored before — a dataset, an experiment, a served model — is intact after.
 */
class BadInputIT {

    /** One bad input: where it goes and how it is sent. */
    record Case(String group, String name, Supplier<HttpRequest> request) {}

    private static final List<Case> CASES = new ArrayList<>();
    private static String dataset;
    private static String model = "corpus-model";
    private static String modelUrl;

    @BeforeAll
    static void storeWhatMustSurvive() throws Exception {
        RunningPlatform.start();
        dataset =
                json(
                                post(
                                        "/api/datasets?name=corpus",
                                        "text/csv",
                                        SyntheticData.churnCsv(120, 5).getBytes()),
                                201)
                        .path("id")
                        .asText();
        json(
                post(
                        "/api/models?name=" + model,
                        "application/octet-stream",
                        OnnxModels.linear(new float[] {1, 2}, 0.5f)),
                202);
        modelUrl = EmbeddedPlatformIT.awaitModelUrl(model);
    }

    // --- request builders -----------------------------------------------------------------------

    static HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(EmbeddedPlatformIT.uri(path))
                .header("Authorization", "Bearer " + RunningPlatform.TOKEN);
    }

    static Supplier<HttpRequest> body(String path, String type, byte[] body) {
        return () ->
                api(path)
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
    }

    static void add(String group, String name, Supplier<HttpRequest> request) {
        CASES.add(new Case(group, name, request));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String repeat(String s, int n) {
        return s.repeat(n);
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    // --- the corpus -----------------------------------------------------------------------------

    static void csvCases() {
        Map<String, String> csv = new LinkedHashMap<>();
        csv.put("empty", "");
        csv.put("only a newline", "\n");
        csv.put("header only", "a,b,c\n");
        csv.put("ragged rows", "a,b,c\n1,2\n3,4,5,6\n");
        csv.put("unclosed quote", "a,b\n\"1,2\n3,4\n");
        csv.put("duplicate column names", "a,a,b\n1,2,3\n4,5,6\n");
        csv.put("empty column name", "a,,b\n1,2,3\n4,5,6\n");
        csv.put("NUL bytes", "a,b\n1,\u00002\n3,4\n");
        csv.put("a cell of 100,000 characters", "a,b\n" + repeat("x", 100_000) + ",1\n2,3\n");
        csv.put("2,500 columns", String.join(",", names(2500)) + "\n" + ones(2500) + "\n");
        csv.put("only separators", ",,,\n,,,\n,,,\n");
        csv.put("a header of 70,000 characters", repeat("h", 70_000) + ",b\n1,2\n");
        csv.put("JSON instead", "{\"a\": [1, 2, 3]}");
        csv.put("HTML instead", "<html><body>not a table</body></html>");
        for (var c : csv.entrySet()) {
            add("csv", c.getKey(), body("/api/datasets?name=bad", "text/csv", utf8(c.getValue())));
        }
        add(
                "csv",
                "invalid UTF-8",
                body(
                        "/api/datasets?name=bad",
                        "text/csv",
                        new byte[] {
                            'a', ',', 'b', '\n', (byte) 0xC3, (byte) 0x28, ',', '1', '\n'
                        }));
        add("csv", "random bytes", body("/api/datasets?name=bad", "text/csv", random(4096, 1)));
        add(
                "csv",
                "a gzip file",
                body(
                        "/api/datasets?name=bad",
                        "text/csv",
                        new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3}));
        add(
                "csv",
                "a name of 300 characters",
                body(
                        "/api/datasets?name=" + repeat("n", 300),
                        "text/csv",
                        utf8("a,b\n1,2\n3,4\n")));
        add(
                "csv",
                "a multipart form without a file",
                body(
                        "/api/datasets",
                        "multipart/form-data; boundary=XyZ",
                        utf8(
                                "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--XyZ--\r\n")));
        add(
                "csv",
                "a broken multipart form",
                body(
                        "/api/datasets",
                        "multipart/form-data; boundary=XyZ",
                        utf8("--XyZ\r\ngarbage")));
    }

    static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("c" + i);
        }
        return names;
    }

    static String ones(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "1"));
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    static void spaceCases() {
        List<String> spaces =
                List.of(
                        "",
                        "   \n\t\n",
                        "x",
                        "x =",
                        "x = ~",
                        "x = 1 ~",
                        "x = ~ 1",
                        "x = a ~ b",
                        "x = 1 ~ 0",
                        "x = 0 ~ 1 log",
                        "x = -1 ~ 1 log",
                        "x = 1e400 ~ 2",
                        "x = NaN ~ 1",
                        "x = -Infinity ~ 1",
                        "x: 1..",
                        "x: ..5",
                        "x: 5..1",
                        "x: 1..10 step 0",
                        "x = 0 ~ 1 step 0",
                        "x = 0 ~ 1 step -0.1",
                        "x in []",
                        "x in [",
                        "x = 0 ~ 1\nx = 0 ~ 2",
                        "= 0 ~ 1",
                        "1x = 0 ~ 1",
                        "x y z = 0 ~ 1",
                        "search = nonsense",
                        "early stopping = sometimes",
                        "x = 0 ~ 1\u0000",
                        "learning_rate를 ~로 해줘",
                        "x = 0 ~ 1 bananas",
                        "x: 1..9999999999999999999",
                        "x = 0x10 ~ 0x20",
                        "x = 1,5 ~ 2,5",
                        "x = (0 ~ 1",
                        repeat("x", 10_000) + " = 0 ~ 1",
                        repeat("p = 0 ~ 1\n", 1) + repeat("#", 200_000),
                        "😀 = 0 ~ 1");
        for (String s : spaces) {
            add(
                    "space",
                    s.length() > 40 ? s.substring(0, 40) + "…" : s,
                    body("/api/search-space/parse", "text/plain", utf8(s)));
        }
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            many.append("p").append(i).append(" = 0 ~ 1\n");
        }
        add(
                "space",
                "5,000 parameters",
                body("/api/search-space/parse", "text/plain", utf8(many.toString())));
    }

    static Map<String, Object> experiment(Map<String, Object> changes) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", "corpus");
        e.put("datasetId", dataset);
        e.put("labelColumn", "churn");
        e.put("algorithm", "xgboost");
        e.put("searchSpace", "max_depth: 2..4");
        e.put("budget", Map.of("maxTrials", 2, "parallelTrials", 1));
        for (var c : changes.entrySet()) {
            if (c.getValue() == null) {
                e.remove(c.getKey());
            } else {
                e.put(c.getKey(), c.getValue());
            }
        }
        return e;
    }

    static Map<String, Object> change(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static void experimentCases() throws Exception {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        raw.put("not JSON", utf8("this is not json"));
        raw.put("truncated JSON", utf8("{\"name\": \"x\", \"datasetId\": "));
        raw.put("an array", utf8("[1, 2, 3]"));
        raw.put("a string", utf8("\"experiment\""));
        raw.put("null", utf8("null"));
        raw.put("empty", new byte[0]);
        raw.put("deeply nested", utf8(repeat("[", 20_000) + repeat("]", 20_000)));
        raw.put(
                "a deeply nested field",
                utf8("{\"name\": " + repeat("{\"a\":", 5_000) + "1" + repeat("}", 5_000) + "}"));
        raw.put(
                "a number of 2,000 digits",
                utf8("{\"budget\": {\"maxTrials\": " + repeat("9", 2000) + "}}"));
        for (var r : raw.entrySet()) {
            add(
                    "experiment",
                    r.getKey(),
                    body("/api/experiments", "application/json", r.getValue()));
        }
        List<Map<String, Object>> bad =
                List.of(
                        change("datasetId", null),
                        change("datasetId", "no-such-dataset"),
                        change("datasetId", 42),
                        change("labelColumn", null),
                        change("labelColumn", "no_such_column"),
                        change("algorithm", "quantum-forest"),
                        change("algorithm", List.of("xgboost")),
                        change("searchSpace", 12),
                        change("searchSpace", "max_depth: 9..2"),
                        change("searchSpace", "no_such_parameter = 0 ~ 1"),
                        change("budget", Map.of("maxTrials", 0)),
                        change("budget", Map.of("maxTrials", -5)),
                        change("budget", Map.of("maxTrials", 1_000_000_000)),
                        change("budget", Map.of("maxTrials", "ten")),
                        change("budget", Map.of("maxTrials", 3, "parallelTrials", 0)),
                        change("budget", Map.of("maxTrials", 3, "maxDurationSeconds", -1)),
                        change("budget", "plenty"),
                        change("resources", Map.of("cpu", -1, "memoryMb", 256)),
                        change("resources", Map.of("cpu", 1e9, "memoryMb", 256)),
                        change("resources", Map.of("cpu", 1, "memoryMb", 0)),
                        change("resources", Map.of("cpu", 1, "memoryMb", 1_000_000_000)),
                        change(
                                "resources",
                                Map.of("cpu", 1, "memoryMb", 256, "deadlineSeconds", 0)),
                        change("objective", Map.of("metric", "accuracy", "goal", "UPWARDS")),
                        change("objective", Map.of("metric", "", "goal", "MAXIMIZE")),
                        change("objective", Map.of("metric", "accuracy", "target", "high")),
                        change("earlyStopping", "whenever"),
                        change("earlyStopping", Map.of("rule", "asha", "reductionFactor", 1)),
                        change("seed", "lucky"),
                        change("searchAlgorithm", "bogo"),
                        change("name", repeat("n", 10_000)),
                        change("trainer", Map.of("command", "echo hi")),
                        change("searchSpace", "subsample = 0 ~ 1 step 1e-9\nsearch = grid"));
        int i = 0;
        for (Map<String, Object> b : bad) {
            add(
                    "experiment",
                    "change " + (++i) + " " + b.keySet(),
                    body(
                            "/api/experiments",
                            "application/json",
                            Json.MAPPER.writeValueAsBytes(experiment(b))));
        }
        add(
                "experiment",
                "a text body",
                body("/api/experiments", "text/plain", utf8("max_depth: 2..4")));
    }

    static void modelCases() throws Exception {
        byte[] onnx = OnnxModels.linear(new float[] {1, 2, 3}, 0f);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty", new byte[0]);
        files.put("random bytes", random(2048, 7));
        files.put("a truncated ONNX model", Arrays.copyOf(onnx, onnx.length / 2));
        files.put("an ONNX model with garbage after it", concat(onnx, random(64, 9)));
        files.put("text", utf8("definitely a model"));
        files.put("a zip", zip(Map.of("model.onnx", onnx)));
        files.put("JSON that is not XGBoost", utf8("{\"learner\": 42}"));
        files.put("an XGBoost model cut short", utf8("{\"learner\": {\"gradient_booster\": {"));
        files.put("a protobuf of another kind", new byte[] {0x0a, 0x03, 'a', 'b', 'c', 0x12, 0x00});
        files.put(
                "a protobuf that claims a huge field",
                new byte[] {0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
        for (var f : files.entrySet()) {
            add(
                    "model",
                    f.getKey(),
                    body("/api/models?name=corpus-bad", "application/octet-stream", f.getValue()));
        }
        for (String name :
                List.of(
                        "",
                        "..",
                        "../etc",
                        "UPPER",
                        repeat("m", 100),
                        "has space",
                        "-leading",
                        "a/b")) {
            add(
                    "model",
                    "named '" + name + "'",
                    body(
                            "/api/models?name="
                                    + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8),
                            "application/octet-stream",
                            onnx));
        }
        add("model", "no name", body("/api/models", "application/octet-stream", onnx));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static void trainerCases() throws Exception {
        Map<String, byte[]> archives = new LinkedHashMap<>();
        archives.put("empty", new byte[0]);
        archives.put("not a zip", utf8("#!/bin/sh\necho score=1\n"));
        archives.put("random bytes", random(1024, 3));
        archives.put("an empty zip", zip(Map.of()));
        archives.put("an entry that climbs out", zip(Map.of("../../evil.sh", utf8("rm -rf /"))));
        archives.put("an absolute entry", zip(Map.of("/etc/evil", utf8("x"))));
        archives.put(
                "a truncated zip",
                Arrays.copyOf(zip(Map.of("train.sh", utf8("echo score=1\n"))), 30));
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        byte[] zeros = new byte[64 << 20];
        for (int i = 0; i < 9; i++) {
            bomb.put("part" + i + ".bin", zeros); // 576 MiB unpacked, under 1 MiB packed
        }
        archives.put("a zip bomb", zip(bomb));
        for (var a : archives.entrySet()) {
            add(
                    "trainer",
                    a.getKey(),
                    body("/api/trainers?name=corpus-trainer", "application/zip", a.getValue()));
        }
        for (String name : List.of(repeat("t", 201), "tab\tin the name", "new\nline")) {
            add(
                    "trainer",
                    "named '" + name + "'",
                    body(
                            "/api/trainers?name="
                                    + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8),
                            "application/zip",
                            zip(Map.of("train.sh", utf8("echo score=1\n")))));
        }
    }

    static void eventCases() throws Exception {
        PlatformKey key =
                PlatformKey.of(
                        Files.readString(RunningPlatform.dataDir().resolve("secrets/platform.key"))
                                .strip());
        Credentials credentials = new Credentials(key);
        EventSignatures signatures = new EventSignatures(key);
        String broker = credentials.part(Credentials.Part.BROKER);
        URI events = EmbeddedPlatformIT.uri("/api/events");
        Map<String, CloudEvent> bad = new LinkedHashMap<>();
        CloudEvent published = GoldenEvents.event("model-published");
        bad.put("no data", CloudEventBuilder.v1(published).withoutData().build());
        bad.put(
                "data that is not JSON",
                CloudEventBuilder.v1(published)
                        .withData("application/json", utf8("not json"))
                        .build());
        bad.put(
                "data of the wrong shape",
                CloudEventBuilder.v1(published)
                        .withData("application/json", utf8("[1,2]"))
                        .build());
        bad.put(
                "an unknown type",
                CloudEventBuilder.v1(published).withType("dev.knobs.nonsense").build());
        bad.put(
                "a foreign type",
                CloudEventBuilder.v1(published).withType("com.example.thing").build());
        bad.put(
                "an id of 10,000 characters",
                CloudEventBuilder.v1(published).withId(repeat("i", 10_000)).build());
        KnobsEvent<?> genuine = EventCodec.fromCloudEvent(published);
        bad.put(
                "a signature over other data",
                CloudEventBuilder.v1(published)
                        .withExtension(EventSignatures.EXTENSION, signatures.sign(genuine))
                        .withData("application/json", utf8("{\"modelName\":\"x\"}"))
                        .build());
        for (var b : bad.entrySet()) {
            for (boolean structured : new boolean[] {false, true}) {
                CloudEvent ce = b.getValue();
                add(
                        "event",
                        b.getKey() + (structured ? " (structured)" : " (binary)"),
                        () -> {
                            HttpRequest.Builder r = HttpRequest.newBuilder(events);
                            byte[] body =
                                    structured
                                            ? EventCodec.writeStructured(ce, r::header)
                                            : EventCodec.writeBinary(ce, r::header);
                            return r.header("Authorization", "Bearer " + broker)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build();
                        });
            }
        }
        Map<String, byte[]> raw = new LinkedHashMap<>();
        raw.put("an empty body", new byte[0]);
        raw.put(
                "a structured event without a type",
                utf8("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\"}"));
        raw.put(
                "specversion 0.1",
                utf8(
                        "{\"specversion\":\"0.1\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"dev.knobs.model-published\"}"));
        raw.put("not JSON at all", utf8("<event/>"));
        for (var r : raw.entrySet()) {
            add(
                    "event",
                    r.getKey(),
                    () ->
                            HttpRequest.newBuilder(events)
                                    .header("Authorization", "Bearer " + broker)
                                    .header("Content-Type", "application/cloudevents+json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(r.getValue()))
                                    .build());
        }
        // a trial's report: an expired credential, one for a trial that does not exist
        for (var t :
                Map.of(
                                "an expired trial credential",
                                credentials.trial("corpus-t1", 1, Instant.now().minusSeconds(5)),
                                "a credential of a trial that never was",
                                credentials.trial("corpus-t1", 1, Instant.now().plusSeconds(60)))
                        .entrySet()) {
            CloudEvent finished = GoldenEvents.event("trial-finished");
            add(
                    "event",
                    t.getKey(),
                    () -> {
                        HttpRequest.Builder r =
                                HttpRequest.newBuilder(EmbeddedPlatformIT.uri("/api/trial-events"));
                        byte[] body = EventCodec.writeBinary(finished, r::header);
                        return r.header("Authorization", "Bearer " + t.getValue())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build();
                    });
        }
    }

    static void tensorCases() throws Exception {
        String infer = modelUrl + "/v2/models/" + model + "/infer";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty", "");
        bodies.put("not JSON", "tensor please");
        bodies.put("an array", "[1, 2]");
        bodies.put("no inputs", "{}");
        bodies.put("inputs not an array", "{\"inputs\": {\"x\": 1}}");
        bodies.put("an empty input list", "{\"inputs\": []}");
        bodies.put("an unknown input", tensor("z", "FP32", "[1, 2]", "[1, 2]"));
        bodies.put(
                "no name",
                "{\"inputs\": [{\"datatype\": \"FP32\", \"shape\": [1, 2], \"data\": [1, 2]}]}");
        bodies.put("an unknown datatype", tensor("x", "FP1024", "[1, 2]", "[1, 2]"));
        bodies.put("BYTES for a number", tensor("x", "BYTES", "[1, 2]", "[\"a\", \"b\"]"));
        bodies.put("too few values for the shape", tensor("x", "FP32", "[3, 2]", "[1, 2]"));
        bodies.put("too many values for the shape", tensor("x", "FP32", "[1, 2]", "[1, 2, 3, 4]"));
        bodies.put("a negative dimension", tensor("x", "FP32", "[-1, 2]", "[1, 2]"));
        bodies.put(
                "a shape whose product overflows",
                tensor("x", "FP32", "[4294967296, 4294967296]", "[1, 2]"));
        bodies.put("a shape of 5 million rows", tensor("x", "FP32", "[5000000, 2]", "[1, 2]"));
        bodies.put("the wrong second dimension", tensor("x", "FP32", "[1, 3]", "[1, 2, 3]"));
        bodies.put("text for numbers", tensor("x", "FP32", "[1, 2]", "[\"one\", \"two\"]"));
        bodies.put("NaN as a string", tensor("x", "FP32", "[1, 2]", "[\"NaN\", 1]"));
        bodies.put("a shape that is not a list", tensor("x", "FP32", "\"1x2\"", "[1, 2]"));
        bodies.put(
                "deeply nested data",
                tensor("x", "FP32", "[1, 2]", repeat("[", 5000) + repeat("]", 5000)));
        bodies.put("a number too large for FP32", tensor("x", "FP32", "[1, 2]", "[1e400, 1]"));
        for (var b : bodies.entrySet()) {
            add(
                    "tensor",
                    b.getKey(),
                    () ->
                            HttpRequest.newBuilder(URI.create(infer))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(b.getValue()))
                                    .build());
        }
        String predict = "/api/models/" + model + "/predict";
        for (String b :
                List.of(
                        "{}",
                        "{\"instances\": 3}",
                        "{\"instances\": [{\"y\": 1}]}",
                        "[]",
                        "nope")) {
            add("tensor", "try-it " + b, body(predict, "application/json", utf8(b)));
        }
    }

    static String tensor(String name, String type, String shape, String data) {
        return "{\"inputs\": [{\"name\": \""
                + name
                + "\", \"datatype\": \""
                + type
                + "\", \"shape\": "
                + shape
                + ", \"data\": "
                + data
                + "}]}";
    }

    // --- the test -------------------------------------------------------------------------------

    /** What was stored before: compared after every case has run. */
    static Map<String, Object> stored() throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        JsonNode d = json(get("/api/datasets/" + dataset), 200);
        s.put("dataset", List.of(d.path("rows").asInt(), d.path("profile").toString()));
        s.put("datasets", ids(json(get("/api/datasets"), 200)));
        s.put("experiments", ids(json(get("/api/experiments"), 200)));
        JsonNode m = json(get("/api/models/" + model), 200);
        s.put("model", List.of(m.path("revision").asInt(), m.path("url").asText()));
        s.put("models", names(json(get("/api/models"), 200)));
        return s;
    }

    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    /** A sentence a person can act on: words, not an exception's name or a stack trace. */
    static void assertSentence(String what, String body) {
        String error;
        try {
            error = Json.MAPPER.readTree(body).path("error").asText("");
        } catch (IOException e) {
            error = body;
        }
        assertThat(error).as(what + ": " + body).isNotBlank();
        assertThat(error.split("\\s+").length).as(what + ": " + error).isGreaterThanOrEqualTo(3);
        assertThat(error)
                .as(what)
                .doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z][A-Za-z]+(Exception|Error)")
                .doesNotContain("\tat ")
                .doesNotContain("NullPointer")
                .doesNotContain("Exception:");
    }

    @Test
    void everyBadInputGetsASentenceAndA4xxAndNothingStoredIsTouched() throws Exception {
        csvCases();
        spaceCases();
        experimentCases();
        modelCases();
        trainerCases();
        eventCases();
        tensorCases();
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(150);
        Map<String, Object> before = stored();
        Map<String, Integer> refused = new LinkedHashMap<>();
        List<String> taken = new ArrayList<>();
        for (Case c : CASES) {
            String what = c.group() + " / " + c.name();
            HttpResponse<String> answer =
                    HTTP.send(c.request().get(), HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            assertThat(status).as(what + " → " + answer.body()).isLessThan(500);
            if (status >= 400) {
                // who may not (401, 403), nothing there (404), not now (409), and headers the
                // HTTP server refuses before any of Knobs runs (431: its reason phrase says why)
                if (!java.util.Set.of(401, 403, 404, 409, 431).contains(status)) {
                    assertSentence(what + " (" + status + ")", answer.body());
                }
                refused.merge(c.group(), 1, Integer::sum);
            } else {
                taken.add(what + " → " + status);
            }
        }
        // what a bad input may not do: leave anything stored behind, or change what was there
        assertThat(taken)
                .as("bad inputs that were taken")
                .allSatisfy(
                        t ->
                                assertThat(t)
                                        .startsWith("space /")); // parse answers 200 with problems
        assertThat(stored()).isEqualTo(before);
        assertThat(
                        json(
                                        postJson(
                                                modelUrl + "/v2/models/" + model + "/infer",
                                                EmbeddedPlatformIT.tensor(
                                                        "x", List.of(1, 2), 1, 1)),
                                        200)
                                .path("outputs")
                                .get(0)
                                .path("data")
                                .get(0)
                                .asDouble())
                .isEqualTo(3.5);
        System.out.printf(
                "bad-input corpus: %d cases, refused by group %s, taken %d%n",
                CASES.size(), refused, taken.size());
    }
}
