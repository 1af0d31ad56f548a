package dev.knobs.trainer.serve;

import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.trainer.train.TrainCommand;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * {@code warm-up}: serves a small ONNX and a small XGBoost model trained here, asks each once in
 * both forms, and exits; run under {@code -XX:ArchiveClassesAtExit}, it leaves the class-data
 * archive that makes every later model server start faster. It reaches nothing outside this
 * process: its models are trained from generated rows into a temporary folder.
 */
public final class WarmUp {
    private WarmUp() {}

    public static int run() throws Exception {
        Path dir = Files.createTempDirectory("knobs-warm-up");
        try {
            Path data = Files.writeString(dir.resolve("data.csv"), rows());
            serve(dir, train(dir, data, "linear-sgd", "{\"epochs\": 1}"), ModelRef.ONNX);
            serve(dir, train(dir, data, "xgboost", "{\"n_estimators\": 2}"), ModelRef.XGBOOST_JSON);
            return 0;
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String rows() {
        Random r = new Random(1);
        StringBuilder csv = new StringBuilder("x,kind,label\n");
        for (int i = 0; i < 60; i++) {
            double x = r.nextGaussian();
            csv.append(x).append(',').append(i % 2 == 0 ? "a" : "b").append(',');
            csv.append(x > 0 ? "yes" : "no").append('\n');
        }
        return csv.toString();
    }

    private static Path train(Path dir, Path data, String algorithm, String hparams) {
        Path model = dir.resolve(algorithm + ".model");
        Map<String, String> env = new HashMap<>();
        env.put(TrialEnvironment.EXPERIMENT_ID, "warm-up");
        env.put(TrialEnvironment.TRIAL_ID, "warm-up-" + algorithm);
        env.put(TrialEnvironment.ALGORITHM, algorithm);
        env.put(TrialEnvironment.HPARAMS, hparams);
        env.put(TrialEnvironment.DATASET_URL, data.toUri().toString());
        env.put(TrialEnvironment.LABEL_COLUMN, "label");
        env.put(TrialEnvironment.MODEL_UPLOAD_URL, model.toUri().toString());
        int exit =
                new TrainCommand(env::get, new PrintStream(OutputStream.nullOutputStream())).run();
        if (exit != 0) {
            throw new IllegalStateException("the warm-up model " + algorithm + " did not train");
        }
        return model;
    }

    private static void serve(Path dir, Path model, String format) throws Exception {
        Map<String, String> env =
                Map.of(
                        "KNOBS_MODEL_NAME", "warm-up",
                        "KNOBS_MODEL_URL", model.toUri().toString(),
                        "KNOBS_MODEL_FORMAT", format,
                        "KNOBS_HOST", "127.0.0.1",
                        "PORT", "0");
        ServeCommand serve = new ServeCommand(env::get).start();
        try {
            String base = "http://127.0.0.1:" + serve.port();
            HttpClient http = HttpClient.newHttpClient();
            ask(
                    http,
                    base + "/v2/models/warm-up/infer",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[0.5]},{\"name\":\"kind\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"a\"]}]}");
            ask(
                    http,
                    base + "/v1/models/warm-up:predict",
                    "{\"instances\":[{\"x\":0.5,\"kind\":\"b\"}]}");
        } finally {
            serve.stop();
        }
    }

    private static void ask(HttpClient http, String url, String body) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return;
            }
            if (r.statusCode() != 503) {
                throw new IllegalStateException(
                        "the warm-up request answered " + r.statusCode() + ": " + r.body());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the warm-up model did not become ready");
    }
}
