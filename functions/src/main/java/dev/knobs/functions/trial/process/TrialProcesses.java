package dev.knobs.functions.trial.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.formats.archive.TrainerArchive;
import dev.knobs.functions.config.ChildEnvironment;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.trial.TrialContract;
import dev.knobs.functions.trial.TrialLaunch;
import dev.knobs.functions.trial.TrialReporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Starts a trial's child process under the trial contract, in its own working directory ({@code
 * trials/<id>/}, output in {@code output.log}), pinned to as many cores as it asks for: the
 * built-in trainer in its own JVM (heap three quarters of the trial's memory, following this
 * process's life), a custom trainer (uploaded archive + command line) under {@code sh -c} with an
 * address-space limit of the trial's memory. Each start is recorded in {@code process.json}, so
 * that a start of the functions after an unclean stop kills whatever an earlier one left running.
 */
final class TrialProcesses {
    private static final Logger LOG = Logger.getLogger(TrialProcesses.class);
    private static final Path TASKSET = Path.of("/usr/bin/taskset");
    private static final String RECORD = "process.json";

    private final KnobsConfig config;
    private final AtomicInteger nextCore = new AtomicInteger();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TrialProcesses(KnobsConfig config) {
        this.config = config;
    }

    Path workDir(String trialId) {
        return config.dataDir().resolve("trials").resolve(trialId);
    }

    /** Whether {@code launch} runs in the sandbox: a custom trainer, where one can be made. */
    static boolean sandboxed(TrialLaunch launch) {
        return launch.custom() && launch.trainer().command() != null && Sandbox.available();
    }

    /** Starts the trial with its credential; the output goes to {@code output.log}. */
    Process start(TrialLaunch launch, String credential) throws Exception {
        Path workDir = workDir(launch.trialId());
        Files.createDirectories(workDir);
        Path log = workDir.resolve(OUTPUT);
        boolean sandboxed = sandboxed(launch);
        List<String> command =
                pinned(
                        launch,
                        sandboxed
                                ? sandboxedCommand(launch, workDir, credential)
                                : launch.custom()
                                        ? customCommand(launch, workDir, credential)
                                        : builtinCommand(launch));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        ChildEnvironment.basics(env);
        if (sandboxed) {
            env.clear();
            env.putAll(SandboxContract.environment(launch));
        } else {
            env.putAll(
                    TrialContract.environment(
                            launch, config.trial().sink().toString(), credential));
            env.put(TrialEnvironment.PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
        }
        Process process = builder.start();
        remember(workDir, process, launch.attempt());
        return process;
    }

    /** What the trial printed. */
    static final String OUTPUT = "output.log";

    /** The largest file a sandboxed trial may write, in MiB. */
    int fileMb() {
        return config.trial().sandbox().fileMb();
    }

    /** What watches a sandboxed trial while it runs. */
    SandboxWatch watch(
            TrialLaunch launch,
            TrialReporter reporter,
            AtomicReference<String> cause,
            Consumer<String> stop) {
        KnobsConfig.Trial.Sandbox s = config.trial().sandbox();
        return new SandboxWatch(
                launch,
                workDir(launch.trialId()),
                (long) s.outputMb() * 1024 * 1024,
                (long) s.diskMb() * 1024 * 1024,
                reporter,
                cause,
                stop);
    }

    /** The sandbox's limits for {@code launch}, from its memory and the configuration. */
    Sandbox.Limits limits(TrialLaunch launch) {
        KnobsConfig.Trial.Sandbox s = config.trial().sandbox();
        return new Sandbox.Limits(
                (long) launch.resources().memoryMb() * 1024 * 1024,
                s.processes(),
                (long) s.fileMb() * 1024 * 1024,
                256L * 1024 * 1024,
                1024);
    }

    /**
     * A custom trainer in the sandbox: its archive unpacked and its dataset fetched (with the
     * trial's credential, by the platform) before it starts; inside it has no network, so it gets
     * neither the credential nor the sink, and reports by printing (docs/adr/0020).
     */
    private List<String> sandboxedCommand(TrialLaunch launch, Path workDir, String credential)
            throws IOException, InterruptedException {
        if (launch.trainer().archiveUrl() != null) {
            TrainerArchive.unpack(download(launch.trainer().archiveUrl(), credential), workDir);
        }
        Path dataset = null;
        if (launch.dataset() != null && launch.dataset().url() != null) {
            Path own = Files.createDirectories(workDir.resolve(SandboxContract.PRIVATE));
            dataset = own.resolve("dataset.csv");
            Files.write(dataset, download(launch.dataset().url(), credential));
        }
        return Sandbox.command(
                launch.trainer().command(),
                workDir,
                dataset,
                limits(launch),
                Sandbox.pidsCgroup(launch.trialId(), limits(launch).processes()));
    }

    /** Kills a trial's process and everything it started. */
    /** The process and all it started, the children first. */
    static List<ProcessHandle> tree(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process);
        return tree;
    }

    /** Kills a process tree ({@link #tree}). */
    static void kill(List<ProcessHandle> tree) {
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Waits, up to {@code limit}, until every one of {@code tree} has exited: a killed process's
     * children may outlive it by a moment, and its slot is free only when they are gone.
     */
    static void awaitGone(List<ProcessHandle> tree, Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException
                    | java.util.concurrent.TimeoutException e) {
                LOG.warnf("process %d of a stopped trial is still there after %s", p.pid(), limit);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Kills every trial process an earlier run of the functions left behind (it stopped without
     * stopping them); yields how many. Their trials are run again by the reconciler.
     */
    int killOrphans() {
        Path trials = config.dataDir().resolve("trials");
        if (!Files.isDirectory(trials)) {
            return 0;
        }
        int killed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(trials)) {
            for (Path dir : dirs) {
                killed += orphan(dir.resolve(RECORD)).map(p -> stop(p, dir)).orElse(0);
                // a pids cgroup an earlier start could not remove (it stopped first)
                Sandbox.removeCgroups(dir.getFileName().toString());
            }
        } catch (IOException e) {
            LOG.warnf("cannot look for trials left running: %s", e.toString());
        }
        return killed;
    }

    private static int stop(ProcessHandle p, Path dir) {
        LOG.infof("killing trial %s (process %d), left running by an earlier start", dir, p.pid());
        kill(tree(p));
        return 1;
    }

    /** The process a record names, if it still runs and is the same process (not a reused pid). */
    private static Optional<ProcessHandle> orphan(Path record) {
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        try {
            JsonNode r = Json.MAPPER.readTree(record.toFile());
            Files.deleteIfExists(record);
            return ProcessHandle.of(r.path("pid").asLong())
                    .filter(ProcessHandle::isAlive)
                    .filter(
                            p ->
                                    p.info()
                                            .startInstant()
                                            .map(
                                                    s ->
                                                            s.toString()
                                                                    .equals(
                                                                            r.path("started")
                                                                                    .asText()))
                                            .orElse(false));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void remember(Path workDir, Process process, int attempt) throws IOException {
        var record = Json.MAPPER.createObjectNode();
        record.put("pid", process.pid());
        record.put("attempt", attempt);
        process.info().startInstant().ifPresent(s -> record.put("started", s.toString()));
        Path tmp = workDir.resolve(RECORD + ".tmp");
        Files.writeString(tmp, record.toString());
        Files.move(tmp, workDir.resolve(RECORD), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The process ended as the platform saw: its record goes, and its pids cgroup if any. */
    void forget(String trialId) {
        Sandbox.removeCgroups(trialId);
        try {
            Files.deleteIfExists(workDir(trialId).resolve(RECORD));
        } catch (IOException e) {
            LOG.debugf("cannot delete the process record of %s: %s", trialId, e.toString());
        }
    }

    /**
     * Limits the trial to its whole number of cores by CPU affinity ({@code taskset}), each trial
     * starting on the next core so that parallel trials spread over the machine.
     */
    private List<String> pinned(TrialLaunch launch, List<String> command) {
        int machine = Runtime.getRuntime().availableProcessors();
        int cores = Math.min(machine, TrialContract.cores(launch.resources().cpu()));
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

    private List<String> builtinCommand(TrialLaunch launch) {
        Path jar = config.trial().trainerHome().resolve("knobs-trainer.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "the trainer is not built: " + jar + " is missing (run ./mvnw package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + Math.max(64, launch.resources().memoryMb() * 3 / 4) + "m");
        command.add("-XX:ActiveProcessorCount=" + TrialContract.cores(launch.resources().cpu()));
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

    private List<String> customCommand(TrialLaunch launch, Path workDir, String credential)
            throws IOException, InterruptedException {
        if (launch.trainer().archiveUrl() != null) {
            TrainerArchive.unpack(download(launch.trainer().archiveUrl(), credential), workDir);
        }
        long kb = (long) launch.resources().memoryMb() * 1024;
        return List.of(
                "/bin/sh",
                "-c",
                // no exec: the command may be several (sleep 1; echo loss=…); stopping kills the
                // tree
                "ulimit -v " + kb + " 2>/dev/null; " + launch.trainer().command());
    }

    /** Fetches the trainer archive with the trial's own credential (it may read only its own). */
    private byte[] download(String url, String credential)
            throws IOException, InterruptedException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            return Files.readAllBytes(Path.of(uri));
        }
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + credential)
                        .timeout(Duration.ofMinutes(5))
                        .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "cannot fetch the trainer archive " + url + ": HTTP " + response.statusCode());
        }
        return response.body();
    }
}
