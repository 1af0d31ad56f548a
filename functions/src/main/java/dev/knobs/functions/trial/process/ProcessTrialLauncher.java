package dev.knobs.functions.trial.process;

import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.trial.TrialContract;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.TrialOutput;
import dev.knobs.functions.trial.TrialReporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.logging.Logger;

/**
 * Runs each trial as a child process on this machine, under the trial contract, pinned to as many
 * cores as its CPU asks for (rounded up): the built-in trainer in its own JVM with a heap limit of
 * three quarters of the trial's memory; a custom trainer (uploaded archive + command line) in its
 * unpacked archive under {@code sh -c} with an address-space limit of the trial's memory. A trial
 * that outlives its deadline is killed. A trial that ends without reporting is reported by this
 * launcher — as failed with its exit status and the tail of its output, or, for a custom trainer
 * that exits 0, with the {@code name=value} metrics it printed.
 */
public class ProcessTrialLauncher implements TrialLauncher {
    private static final Logger LOG = Logger.getLogger(ProcessTrialLauncher.class);

    /** The file a custom trainer leaves in its working directory to have its model served. */
    public static final String MODEL_FILE = "model.onnx";

    private static final Path TASKSET = Path.of("/usr/bin/taskset");
    private final java.util.concurrent.atomic.AtomicInteger nextCore =
            new java.util.concurrent.atomic.AtomicInteger();

    private final KnobsConfig config;
    private final TrialReporter reporter;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();

    /** Trials running per experiment, and those waiting for one of its slots; guarded by this. */
    private final Map<String, Integer> active = new HashMap<>();

    private final Map<String, Deque<TrialRequested>> waiting = new HashMap<>();
    private final ScheduledExecutorService deadlines =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "knobs-trial-deadlines");
                        t.setDaemon(true);
                        return t;
                    });
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.concurrent.ExecutorService reports =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "knobs-trial-reports");
                        t.setDaemon(true);
                        return t;
                    });

    public ProcessTrialLauncher(KnobsConfig config, TrialReporter reporter) {
        this.config = config;
        this.reporter = reporter;
    }

    /**
     * Starts the trial now if its experiment has a free slot ({@code parallelTrials}), else holds
     * it until one of the experiment's trials ends — then it starts at once, without waiting for
     * events to go round.
     */
    @Override
    public void launch(TrialRequested request) throws Exception {
        synchronized (this) {
            if (running.containsKey(request.trialId()) || queued(request.trialId())) {
                return;
            }
            int limit = request.parallelTrials() > 0 ? request.parallelTrials() : Integer.MAX_VALUE;
            if (active.getOrDefault(request.experimentId(), 0) >= limit) {
                waiting.computeIfAbsent(request.experimentId(), k -> new ArrayDeque<>())
                        .add(request);
                LOG.debugf("trial %s: queued until a slot frees", request.trialId());
                return;
            }
            active.merge(request.experimentId(), 1, Integer::sum);
        }
        try {
            start(request);
        } catch (Exception | Error e) {
            startNext(request.experimentId());
            throw e;
        }
    }

    private synchronized boolean queued(String trialId) {
        return waiting.values().stream()
                .anyMatch(q -> q.stream().anyMatch(r -> r.trialId().equals(trialId)));
    }

    /** A slot of the experiment freed: start its next waiting trial, if any. */
    private void startNext(String experimentId) {
        while (true) {
            TrialRequested next;
            synchronized (this) {
                Deque<TrialRequested> queue = waiting.get(experimentId);
                next = queue == null ? null : queue.poll();
                if (next == null) {
                    active.computeIfPresent(experimentId, (k, n) -> n > 1 ? n - 1 : null);
                    if (queue != null && queue.isEmpty()) {
                        waiting.remove(experimentId);
                    }
                    return;
                }
            }
            try {
                start(next);
                return;
            } catch (Exception | Error e) {
                LOG.errorf(e, "cannot launch trial %s", next.trialId());
                reporter.report(
                        TrialOutput.failed(
                                next.experimentId(),
                                next.trialId(),
                                "the trial could not be started: " + e.getMessage(),
                                null,
                                null));
            }
        }
    }

    private void start(TrialRequested request) throws Exception {
        Path workDir = config.dataDir().resolve("trials").resolve(request.trialId());
        Files.createDirectories(workDir);
        Path log = workDir.resolve("output.log");
        boolean custom = request.trainer() != null && request.trainer().command() != null;
        List<String> command =
                pinned(request, custom ? customCommand(request, workDir) : builtinCommand(request));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment()
                .putAll(
                        TrialContract.environment(
                                request, config.sink().toString(), config.artifacts().token()));
        Process process = builder.start();
        running.put(request.trialId(), process);
        AtomicBoolean timedOut = new AtomicBoolean();
        var deadline =
                deadlines.schedule(
                        () -> {
                            timedOut.set(true);
                            kill(process);
                        },
                        request.resources().deadlineSeconds(),
                        TimeUnit.SECONDS);
        // on the thread that saw the process end: the slot goes to the next trial at once; the
        // report (a transaction) is made on another thread so the next end is not held up
        process.onExit()
                .thenAccept(
                        p -> {
                            deadline.cancel(false);
                            LOG.debugf("trial %s: process exited", request.trialId());
                            running.remove(request.trialId());
                            startNext(request.experimentId());
                            if (!stopped.remove(request.trialId())) {
                                reports.execute(
                                        () ->
                                                finished(
                                                        request,
                                                        custom,
                                                        p.exitValue(),
                                                        timedOut.get(),
                                                        log));
                            }
                        });
        LOG.debugf("trial %s started as process %d", request.trialId(), process.pid());
    }

    private void finished(
            TrialRequested request, boolean custom, int exit, boolean timedOut, Path log) {
        try {
            String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            TrialFinished report = report(request, custom, exit, timedOut, output);
            if (report != null && report.status() == TrialStatus.SUCCEEDED) {
                report = withModel(report, request, log.getParent().resolve(MODEL_FILE));
            }
            if (report != null) {
                reporter.report(report);
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "cannot report the end of trial %s", request.trialId());
        }
    }

    /**
     * A custom trainer that leaves {@value #MODEL_FILE} in its working directory gets it uploaded
     * and served like a built-in model.
     */
    private TrialFinished withModel(TrialFinished report, TrialRequested request, Path model)
            throws IOException {
        if (!Files.isRegularFile(model) || request.modelUploadUrl() == null) {
            return report;
        }
        URI target = URI.create(request.modelUploadUrl());
        if ("file".equals(target.getScheme())) {
            Files.copy(model, Path.of(target), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else
            try {
                HttpRequest put =
                        HttpRequest.newBuilder(target)
                                .header("Authorization", "Bearer " + config.artifacts().token())
                                .header("Content-Type", "application/octet-stream")
                                .PUT(HttpRequest.BodyPublishers.ofFile(model))
                                .build();
                int status = http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 != 2) {
                    return TrialOutput.failed(
                            request.experimentId(),
                            request.trialId(),
                            "the trainer's model.onnx could not be uploaded: HTTP " + status,
                            0,
                            report.logTail());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        return new TrialFinished(
                report.experimentId(),
                report.trialId(),
                report.status(),
                report.metrics(),
                new ModelRef(request.modelUploadUrl(), ModelRef.ONNX),
                null,
                0,
                report.logTail());
    }

    /** What the platform reports for a trial that ended; null when the trainer reported itself. */
    static TrialFinished report(
            TrialRequested request, boolean custom, int exit, boolean timedOut, String output) {
        String tail = TrialOutput.tail(output);
        if (timedOut) {
            return TrialOutput.failed(
                    request.experimentId(),
                    request.trialId(),
                    "the trial exceeded its deadline of "
                            + request.resources().deadlineSeconds()
                            + " s and was stopped",
                    exit,
                    tail);
        }
        if (exit != 0) {
            String why = exit == 137 || exit == 9 ? " (killed: out of memory or by a signal)" : "";
            return TrialOutput.failed(
                    request.experimentId(),
                    request.trialId(),
                    "the trainer exited with status " + exit + why,
                    exit,
                    tail);
        }
        return custom
                ? TrialOutput.fromOutput(
                        request.experimentId(),
                        request.trialId(),
                        request.objective().metric(),
                        output)
                : null;
    }

    /**
     * Limits the trial to its whole number of cores by CPU affinity ({@code taskset}), each trial
     * starting on the next core so that parallel trials spread over the machine.
     */
    private List<String> pinned(TrialRequested request, List<String> command) {
        int machine = Runtime.getRuntime().availableProcessors();
        int cores = Math.min(machine, TrialContract.cores(request.resources().cpu()));
        if (!Files.isExecutable(TASKSET) || cores >= machine) {
            return command;
        }
        int first = Math.floorMod(nextCore.getAndAdd(cores), machine);
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < cores; i++) {
            list.append(i == 0 ? "" : ",").append((first + i) % machine);
        }
        List<String> pinned = new ArrayList<>(List.of(TASKSET.toString(), "-c", list.toString()));
        pinned.addAll(command);
        return pinned;
    }

    private List<String> builtinCommand(TrialRequested request) {
        Path jar = config.trial().trainerHome().resolve("knobs-trainer.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "the trainer is not built: " + jar + " is missing (run ./mvnw package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + Math.max(64, request.resources().memoryMb() * 3 / 4) + "m");
        command.add("-XX:ActiveProcessorCount=" + TrialContract.cores(request.resources().cpu()));
        for (String option : config.trial().jvmOptions().trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(jar.toString());
        command.add("train");
        return command;
    }

    private List<String> customCommand(TrialRequested request, Path workDir)
            throws IOException, InterruptedException {
        if (request.trainer().archiveUrl() != null) {
            unpack(download(request.trainer().archiveUrl()), workDir);
        }
        long kb = (long) request.resources().memoryMb() * 1024;
        return List.of(
                "/bin/sh",
                "-c",
                // no exec: the command may be several (sleep 1; echo loss=…); stopping kills the
                // tree
                "ulimit -v " + kb + " 2>/dev/null; " + request.trainer().command());
    }

    private byte[] download(String url) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + config.artifacts().token())
                        .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "cannot fetch the trainer archive " + url + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** Unpacks a zip archive, refusing entries that would land outside the work directory. */
    static void unpack(byte[] zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException(
                            "the archive entry "
                                    + entry.getName()
                                    + " points outside the trial's folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    if (entry.getName().endsWith(".sh") || entry.getName().startsWith("bin/")) {
                        target.toFile().setExecutable(true);
                    }
                }
            }
        }
    }

    @Override
    public void stop(String trialId) {
        stop(List.of(trialId));
    }

    @Override
    public void stop(java.util.Collection<String> trialIds) {
        synchronized (this) {
            for (Deque<TrialRequested> queue : waiting.values()) {
                queue.removeIf(r -> trialIds.contains(r.trialId()));
            }
        }
        trialIds.forEach(this::terminate);
    }

    private void terminate(String trialId) {
        Process process = running.get(trialId);
        if (process != null && stopped.add(trialId)) {
            LOG.debugf("trial %s: stopping process %d", trialId, process.pid());
            kill(process);
        }
    }

    /** Whether the trial's process is still alive here. */
    public boolean isRunning(String trialId) {
        Process process = running.get(trialId);
        return process != null && process.isAlive();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Stops every running trial (on shutdown). */
    public void stopAll() {
        synchronized (this) {
            waiting.clear();
        }
        stopped.addAll(running.keySet());
        running.values().forEach(ProcessTrialLauncher::kill);
        deadlines.shutdownNow();
    }
}
