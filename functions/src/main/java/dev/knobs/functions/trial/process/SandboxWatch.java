package dev.knobs.functions.trial.process;

import dev.knobs.eventing.payload.TrialProgress;
import dev.knobs.functions.trial.TrialLaunch;
import dev.knobs.functions.trial.TrialOutput;
import dev.knobs.functions.trial.TrialReporter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Watches a sandboxed trial while it runs, twice a second: the lines it printed since ({@code knobs
 * step=3 accuracy=0.81} become {@code trial-progress}, so early stopping judges it like a built-in
 * trainer), the size of its output and of its working directory — past their limits it is stopped,
 * with the reason.
 */
final class SandboxWatch implements Runnable {
    private static final Logger LOG = Logger.getLogger(SandboxWatch.class);

    /** The most read of new output per look; a longer burst is read on the next. */
    private static final int READ = 1 << 20;

    private final TrialLaunch launch;
    private final Path workDir;
    private final long outputLimit;
    private final long diskLimit;
    private final TrialReporter reporter;
    private final AtomicReference<String> cause;
    private final Consumer<String> stop;
    private long offset;
    private long lastStep;
    private int looks;
    private final StringBuilder partial = new StringBuilder();

    SandboxWatch(
            TrialLaunch launch,
            Path workDir,
            long outputLimit,
            long diskLimit,
            TrialReporter reporter,
            AtomicReference<String> cause,
            Consumer<String> stop) {
        this.launch = launch;
        this.workDir = workDir;
        this.outputLimit = outputLimit;
        this.diskLimit = diskLimit;
        this.reporter = reporter;
        this.cause = cause;
        this.stop = stop;
    }

    @Override
    public synchronized void run() {
        if (cause.get() != null) {
            return;
        }
        try {
            Path log = workDir.resolve(TrialProcesses.OUTPUT);
            long size = Files.exists(log) ? Files.size(log) : 0;
            if (size > outputLimit) {
                stop.accept(
                        "it printed more than "
                                + outputLimit / (1024 * 1024)
                                + " MiB of output (the limit of a trial's output)");
                return;
            }
            read(log, size);
            if (++looks % 4 == 0 && used() > diskLimit) {
                stop.accept(
                        "its working directory grew past "
                                + diskLimit / (1024 * 1024)
                                + " MiB (the limit of a trial's disk)");
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("watching trial %s: %s", launch.trialId(), e.toString());
        }
    }

    /**
     * Reads what the trial printed after the last look (it may have ended between two): its last
     * steps are reported before its end.
     */
    synchronized void drain() {
        Path log = workDir.resolve(TrialProcesses.OUTPUT);
        try {
            long size = Files.exists(log) ? Files.size(log) : 0;
            long until = Math.min(size, offset + TrialEnds.READ_AT_END);
            while (offset < until) {
                read(log, until);
            }
            if (partial.length() > 0) {
                line(partial.toString().strip());
                partial.setLength(0);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("reading the end of trial %s: %s", launch.trialId(), e.toString());
        }
    }

    private void read(Path log, long size) throws IOException {
        if (size <= offset) {
            return;
        }
        byte[] chunk = new byte[(int) Math.min(READ, size - offset)];
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(offset);
            file.readFully(chunk);
        }
        offset += chunk.length;
        partial.append(new String(chunk, StandardCharsets.UTF_8));
        int end;
        while ((end = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, end).strip());
            partial.delete(0, end + 1);
        }
        if (partial.length() > 64 * 1024) {
            partial.setLength(0); // no line is that long
        }
    }

    /** {@code knobs step=N name=value …}: a step that grows, with at least one metric. */
    private void line(String line) {
        if (!line.startsWith("knobs step=")) {
            return;
        }
        Map<String, Double> pairs = TrialOutput.pairs(line.substring("knobs ".length()));
        Double step = pairs.remove("step");
        if (step == null
                || step < 1
                || step != Math.rint(step)
                || step <= lastStep
                || pairs.isEmpty()) {
            return;
        }
        lastStep = step.longValue();
        reporter.progress(
                new TrialProgress(
                        launch.experimentId(),
                        launch.trialId(),
                        lastStep,
                        pairs,
                        launch.attempt()));
    }

    /** Bytes in the working directory (its files, not following links). */
    private long used() throws IOException {
        long total = 0;
        try (Stream<Path> all = Files.walk(workDir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }
}
