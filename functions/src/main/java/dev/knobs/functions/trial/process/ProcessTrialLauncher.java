package dev.knobs.functions.trial.process;

import dev.knobs.domain.wiring.TrialCapacity;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.trial.TrialContract;
import dev.knobs.functions.trial.TrialLaunch;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.TrialOutput;
import dev.knobs.functions.trial.TrialReporter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs each trial as a child process on this machine ({@link TrialProcesses}), never more at once
 * than the machine's CPU and memory hold nor than an experiment's parallel trials ({@link
 * SlotPool}); the rest wait and start the moment a slot frees, without waiting for events to go
 * round. Each attempt gets its own credential. A trial that outlives its deadline is killed; one
 * that ends without reporting is reported by this launcher ({@link TrialEnds}). A trial the machine
 * can never hold fails at once, with the reason.
 */
public class ProcessTrialLauncher implements TrialLauncher {
    private static final Logger LOG = Logger.getLogger(ProcessTrialLauncher.class);

    private final TrialReporter reporter;
    private final Credentials credentials;
    private final TrialProcesses processes;
    private final TrialEnds ends = new TrialEnds();
    private final SlotPool pool;

    /** How long an ended trial's report may take to reach the functions. */
    private static final java.time.Duration REPORT_TIME = java.time.Duration.ofMinutes(15);

    private final Map<String, Process> running = new ConcurrentHashMap<>();

    /** The processes of trials being stopped, until their slot is released. */
    private final Map<String, List<ProcessHandle>> dying = new ConcurrentHashMap<>();

    /** How long a stopped trial's processes may take to be gone before its slot is released. */
    private static final java.time.Duration GONE_WITHIN = java.time.Duration.ofSeconds(10);

    private final Map<String, Instant> endedAt = new ConcurrentHashMap<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService deadlines =
            Executors.newSingleThreadScheduledExecutor(daemon("knobs-trial-deadlines"));
    private final ExecutorService reports =
            Executors.newCachedThreadPool(daemon("knobs-trial-reports"));

    public ProcessTrialLauncher(
            KnobsConfig config,
            TrialCapacity capacity,
            TrialReporter reporter,
            Credentials credentials) {
        this.reporter = reporter;
        this.credentials = credentials;
        this.processes = new TrialProcesses(config);
        this.pool = new SlotPool(new SlotPool.Capacity(capacity.cpus(), capacity.memory()));
        // whether custom trainers can be sandboxed: tried once, now, not at a trial's start
        Sandbox.available();
        int orphans = processes.killOrphans();
        if (orphans > 0) {
            LOG.infof("killed %d trial processes an earlier start left running", orphans);
        }
    }

    @Override
    public void launch(TrialLaunch launch) {
        String never = pool.neverFits(launch);
        if (never != null) {
            reporter.report(
                    TrialOutput.failed(launch.experimentId(), launch.trialId(), never, null, null)
                            .forAttempt(launch.attempt()));
            return;
        }
        pool.offer(launch);
        startWhatFits();
    }

    /**
     * Whether the trial runs or waits here, or ended here lately (its report may still be on its
     * way). After a restart of the functions nothing is held: what ran before is lost.
     */
    @Override
    public boolean holds(String trialId, int attempt) {
        Instant ended = endedAt.get(trialId);
        return pool.holds(trialId)
                || (ended != null && ended.isAfter(Instant.now().minus(REPORT_TIME)));
    }

    /** Whether the trial's process is alive here. */
    public boolean isRunning(String trialId) {
        Process p = running.get(trialId);
        return p != null && p.isAlive();
    }

    private void startWhatFits() {
        for (TrialLaunch next : pool.next()) {
            try {
                start(next);
            } catch (Exception | Error e) {
                pool.release(next.trialId());
                LOG.errorf(e, "cannot launch trial %s", next.trialId());
                reporter.report(
                        TrialOutput.failed(
                                        next.experimentId(),
                                        next.trialId(),
                                        "the trial could not be started: " + e.getMessage(),
                                        null,
                                        null)
                                .forAttempt(next.attempt()));
            }
        }
    }

    private void start(TrialLaunch launch) throws Exception {
        String credential = TrialContract.credential(credentials, launch, Instant.now());
        Process process = processes.start(launch, credential);
        running.put(launch.trialId(), process);
        // why the platform stopped it, when it did: its deadline passed, a sandbox limit
        AtomicReference<String> cause = new AtomicReference<>();
        Consumer<String> stopFor =
                why -> {
                    if (cause.compareAndSet(null, why)) {
                        kill(launch.trialId(), process);
                    }
                };
        var deadline =
                deadlines.schedule(
                        () ->
                                stopFor.accept(
                                        "the trial exceeded its deadline of "
                                                + launch.resources().deadlineSeconds()
                                                + " s and was stopped"),
                        launch.resources().deadlineSeconds(),
                        TimeUnit.SECONDS);
        SandboxWatch watcher =
                TrialProcesses.sandboxed(launch)
                        ? processes.watch(launch, reporter, cause, stopFor)
                        : null;
        ScheduledFuture<?> watch =
                watcher == null
                        ? null
                        : deadlines.scheduleWithFixedDelay(
                                watcher, 500, 500, TimeUnit.MILLISECONDS);
        // on the thread that saw the process end: its slot goes to the next trial at once; the
        // report (a transaction) is made on another thread so the next end is not held up
        process.onExit()
                .thenAccept(
                        p -> {
                            deadline.cancel(false);
                            if (watch != null) {
                                watch.cancel(false);
                            }
                            forgetOldEnds();
                            endedAt.put(launch.trialId(), Instant.now());
                            running.remove(launch.trialId());
                            List<ProcessHandle> tree = dying.remove(launch.trialId());
                            if (tree != null) {
                                TrialProcesses.awaitGone(tree, GONE_WITHIN);
                            }
                            processes.forget(launch.trialId());
                            pool.release(launch.trialId());
                            startWhatFits();
                            if (!stopped.remove(launch.trialId())) {
                                reports.execute(
                                        () -> {
                                            if (watcher != null) {
                                                watcher.drain();
                                            }
                                            ended(launch, p.exitValue(), cause.get(), credential);
                                        });
                            }
                        });
        LOG.debugf("trial %s started as process %d", launch.trialId(), process.pid());
    }

    private void forgetOldEnds() {
        if (endedAt.size() > 1_000) {
            Instant old = Instant.now().minus(REPORT_TIME);
            endedAt.values().removeIf(t -> t.isBefore(old));
        }
    }

    private void ended(TrialLaunch launch, int exit, String stoppedFor, String credential) {
        Path dir = processes.workDir(launch.trialId());
        try {
            String output = TrialEnds.lastOutput(dir.resolve(TrialProcesses.OUTPUT));
            TrialFinished report =
                    TrialEnds.report(
                            launch,
                            exit,
                            stoppedFor,
                            TrialProcesses.sandboxed(launch) ? processes.fileMb() : 0,
                            output);
            if (report != null && report.status() == TrialStatus.SUCCEEDED) {
                report = ends.withModel(report, launch, dir, credential);
            }
            if (report != null) {
                reporter.report(report);
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "cannot report the end of trial %s", launch.trialId());
        }
    }

    @Override
    public void stop(String trialId) {
        stop(List.of(trialId));
    }

    /** Waiting trials go first, so that a slot freed by stopping one is not given to another. */
    @Override
    public void stop(Collection<String> trialIds) {
        pool.withdraw(t -> trialIds.contains(t.trialId()));
        trialIds.forEach(this::terminate);
    }

    private void terminate(String trialId) {
        Process process = running.get(trialId);
        if (process != null && stopped.add(trialId)) {
            LOG.debugf("trial %s: stopping process %d", trialId, process.pid());
            kill(trialId, process);
        }
    }

    /**
     * Kills a trial's processes, recorded first: its slot is released once they are all gone (a
     * sandbox's inner processes may outlive its outer one by a moment).
     */
    private void kill(String trialId, Process process) {
        List<ProcessHandle> tree = TrialProcesses.tree(process.toHandle());
        dying.merge(
                trialId,
                tree,
                (a, b) -> {
                    List<ProcessHandle> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                });
        TrialProcesses.kill(tree);
    }

    /** Stops every running trial (on shutdown); their trials are run again after a restart. */
    public void stopAll() {
        pool.withdraw(t -> true);
        stopped.addAll(running.keySet());
        running.values().forEach(p -> TrialProcesses.kill(TrialProcesses.tree(p.toHandle())));
        deadlines.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
