package dev.knobs.web.embedded;

import dev.knobs.eventing.Json;
import dev.knobs.eventing.TrialEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The functions' process on one machine, watched: started with the front, started again when it
 * stops (after 1 s, then doubling up to a limit, back to 1 s once it ran a while), and ready only
 * while its own readiness says so. It follows the front ({@link TrialEnvironment#PARENT_PID}), so
 * killing the front leaves it running for at most a second; one an unclean stop left anyway is
 * stopped at the next start (its pid is kept in {@code run/functions.json}).
 */
final class FunctionsProcess implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FunctionsProcess.class);

    /** A run this long counts as healthy: the next restart waits the shortest delay again. */
    private static final Duration STEADY = Duration.ofMinutes(1);

    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final Path record;
    private final URI ready;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Runnable onReady;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService watch =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "knobs-functions-watch");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Process process;
    private volatile boolean isReady;
    private volatile Instant startedAt = Instant.EPOCH;

    /** A restart is scheduled: the checks wait for it (only the watch thread reads and writes). */
    private boolean restarting;

    private Duration delay;

    /**
     * @param onReady called each time the process becomes ready (after a restart: the broker can
     *     deliver what waited)
     */
    FunctionsProcess(
            List<String> command,
            Map<String, String> env,
            Path dataDir,
            URI ready,
            Duration firstDelay,
            Duration maxDelay,
            Runnable onReady) {
        this.command = command;
        this.env = env;
        this.log = dataDir.resolve("logs").resolve("functions.log");
        this.record = dataDir.resolve("run").resolve("functions.json");
        this.ready = ready;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.delay = firstDelay;
        this.onReady = onReady;
    }

    /** Stops one an unclean stop left, starts it, and waits until it is ready (or not at all). */
    void start(Duration timeout) throws IOException, InterruptedException {
        stopLeftOver();
        launch();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && !probe()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the functions exited with status " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(100);
        }
        if (!isReady) {
            throw new IllegalStateException(
                    "the functions did not become ready within " + timeout + "; see " + log);
        }
        watch.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    boolean ready() {
        return isReady;
    }

    private void launch() throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment()
                .put(TrialEnvironment.PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
        process = builder.start();
        startedAt = Instant.now();
        isReady = false;
        remember(process);
        LOG.infof("functions started (process %d, log %s)", process.pid(), log);
    }

    /** Every second: is it alive and ready? Started again after a delay when it is not alive. */
    private void check() {
        if (closing.get() || restarting) {
            return;
        }
        if (process.isAlive()) {
            boolean was = isReady;
            if (probe() && !was) {
                LOG.info("functions are ready again");
                onReady.run();
            }
            return;
        }
        isReady = false;
        if (Duration.between(startedAt, Instant.now()).compareTo(STEADY) > 0) {
            delay = firstDelay;
        }
        LOG.warnf(
                "the functions stopped (status %d); starting them again in %d ms",
                process.exitValue(), delay.toMillis());
        Duration wait = delay;
        delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
        restarting = true;
        watch.schedule(this::restart, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart() {
        restarting = false;
        if (closing.get()) {
            return;
        }
        try {
            launch();
        } catch (IOException e) {
            LOG.errorf("cannot start the functions: %s", e.toString());
        }
    }

    private boolean probe() {
        try {
            isReady =
                    http.send(
                                            HttpRequest.newBuilder(ready)
                                                    .timeout(Duration.ofSeconds(2))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
        } catch (IOException e) {
            isReady = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            isReady = false;
        }
        return isReady;
    }

    private void remember(Process p) throws IOException {
        Files.createDirectories(record.getParent());
        var r = Json.MAPPER.createObjectNode().put("pid", p.pid());
        p.info().startInstant().ifPresent(s -> r.put("started", s.toString()));
        Path tmp = record.resolveSibling("functions.json.tmp");
        Files.writeString(tmp, r.toString());
        Files.move(tmp, record, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The functions an unclean stop left running, if the record names a live one. */
    private void stopLeftOver() {
        Optional<ProcessHandle> old = Optional.empty();
        try {
            if (Files.isRegularFile(record)) {
                var r = Json.MAPPER.readTree(record.toFile());
                String started = r.path("started").asText();
                old =
                        ProcessHandle.of(r.path("pid").asLong())
                                .filter(ProcessHandle::isAlive)
                                .filter(p -> started.equals(startOf(p)));
            }
        } catch (IOException e) {
            return;
        }
        old.ifPresent(
                p -> {
                    LOG.infof("stopping functions left running by an earlier start (%d)", p.pid());
                    stop(p);
                });
    }

    private static String startOf(ProcessHandle p) {
        return p.info().startInstant().map(Object::toString).orElse("");
    }

    private static void stop(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        closing.set(true);
        watch.shutdownNow();
        if (process != null) {
            stop(process.toHandle());
        }
    }
}
