package dev.knobs.functions.trial.process;

import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.model.ModelSignature;
import dev.knobs.functions.trial.TrialLaunch;
import dev.knobs.functions.trial.TrialOutput;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * What the platform reports when a trial's process ends: failed with its exit status and the tail
 * of its output; lost (run again, not counted as failed) when something else than the platform
 * killed it; for a custom trainer that exits 0, the {@code name=value} metrics it printed, and the
 * {@value #MODEL_FILE} it left uploaded on its behalf. Nothing when a built-in trainer ended well
 * (it reports itself).
 */
final class TrialEnds {
    /** The file a custom trainer leaves in its working directory to have its model served. */
    static final String MODEL_FILE = "model.onnx";

    /** The same for an XGBoost model in its JSON format, with its feature names. */
    static final String MODEL_JSON_FILE = "model.json";

    /** A model larger than this is uploaded without being read here first. */
    private static final long CHECKED_UP_TO = 256L << 20;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How much of a trial's output is read at its end, from the end: its results are there. */
    static final int READ_AT_END = 8 << 20;

    /** The signal a process gets for writing past its file-size limit (SIGXFSZ). */
    private static final int FILE_TOO_LARGE = 25;

    /** The last {@value #READ_AT_END} bytes of the trial's output (all of it, usually). */
    static String lastOutput(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - READ_AT_END);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * What the platform reports for a trial that ended; null when the trainer reported itself.
     * {@code stoppedFor}: why the platform stopped it (its deadline, a sandbox limit), or null;
     * {@code fileMb}: a sandboxed trial's file-size limit (0 when not sandboxed).
     */
    static TrialFinished report(
            TrialLaunch launch, int exit, String stoppedFor, int fileMb, String output) {
        String tail = TrialOutput.tail(output);
        if (stoppedFor != null) {
            return failed(launch, stoppedFor, exit, tail);
        }
        if (fileMb > 0 && exit == 128 + FILE_TOO_LARGE) {
            return failed(
                    launch,
                    "it wrote a file (or output) larger than "
                            + fileMb
                            + " MiB (the limit of a trial's files) and was stopped",
                    exit,
                    tail);
        }
        if (exit > 128 && exit <= 128 + 64) {
            // a signal the platform did not send (its own stops are not reported): not the
            // trial's doing
            return new TrialFinished(
                    launch.experimentId(),
                    launch.trialId(),
                    TrialStatus.LOST,
                    Map.of(),
                    null,
                    "its process was killed by signal " + (exit - 128) + ", not by Knobs",
                    exit,
                    tail,
                    launch.attempt());
        }
        if (exit != 0) {
            return failed(launch, "the trainer exited with status " + exit, exit, tail);
        }
        return launch.custom()
                ? TrialOutput.fromOutput(
                                launch.experimentId(),
                                launch.trialId(),
                                launch.objective().metric(),
                                output)
                        .forAttempt(launch.attempt())
                : null;
    }

    private static TrialFinished failed(TrialLaunch launch, String why, int exit, String tail) {
        return TrialOutput.failed(launch.experimentId(), launch.trialId(), why, exit, tail)
                .forAttempt(launch.attempt());
    }

    /**
     * A custom trainer that leaves {@value #MODEL_FILE} (or {@value #MODEL_JSON_FILE}, XGBoost) in
     * its working directory gets it uploaded with its own credential and served like a built-in
     * model. A model that could not be served fails the trial with the reason, now rather than when
     * it would be published. For a report of a trial that succeeded.
     */
    TrialFinished withModel(TrialFinished report, TrialLaunch launch, Path dir, String credential)
            throws IOException {
        Path onnx = dir.resolve(MODEL_FILE);
        Path json = dir.resolve(MODEL_JSON_FILE);
        boolean isOnnx = Files.isRegularFile(onnx, LinkOption.NOFOLLOW_LINKS);
        boolean isJson = Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS);
        if (!(isOnnx || isJson) || launch.modelUploadUrl() == null) {
            return report;
        }
        if (isOnnx && isJson) {
            return failed(
                    launch,
                    "it left both " + MODEL_FILE + " and " + MODEL_JSON_FILE + "; leave one model",
                    0,
                    report.logTail());
        }
        Path model = isOnnx ? onnx : json;
        String format = isOnnx ? ModelRef.ONNX : ModelRef.XGBOOST_JSON;
        // read once: checked, then uploaded from memory (a larger one goes from its file,
        // unchecked)
        byte[] bytes = Files.size(model) <= CHECKED_UP_TO ? Files.readAllBytes(model) : null;
        if (bytes != null) {
            try {
                ModelSignature.of(bytes, format);
            } catch (IllegalArgumentException | InvalidDataException e) {
                return failed(
                        launch,
                        "its " + model.getFileName() + " cannot be served: " + e.getMessage(),
                        0,
                        report.logTail());
            }
        }
        URI target = URI.create(launch.modelUploadUrl());
        if ("file".equals(target.getScheme())) {
            Files.copy(model, Path.of(target), StandardCopyOption.REPLACE_EXISTING);
        } else {
            int status =
                    upload(
                            target,
                            bytes != null
                                    ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                                    : HttpRequest.BodyPublishers.ofFile(model),
                            credential);
            if (status / 100 != 2) {
                return failed(
                        launch,
                        "the trainer's "
                                + model.getFileName()
                                + " could not be uploaded: HTTP "
                                + status,
                        0,
                        report.logTail());
            }
        }
        return new TrialFinished(
                report.experimentId(),
                report.trialId(),
                report.status(),
                report.metrics(),
                new ModelRef(launch.modelUploadUrl(), format),
                null,
                0,
                report.logTail(),
                launch.attempt());
    }

    private int upload(URI target, HttpRequest.BodyPublisher model, String credential)
            throws IOException {
        HttpRequest put =
                HttpRequest.newBuilder(target)
                        .header("Authorization", "Bearer " + credential)
                        .header("Content-Type", "application/octet-stream")
                        .timeout(Duration.ofMinutes(5))
                        .PUT(model)
                        .build();
        try {
            return http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
