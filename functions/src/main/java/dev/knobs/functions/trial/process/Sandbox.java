package dev.knobs.functions.trial.process;

import dev.knobs.domain.wiring.SandboxSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Where a custom trainer runs on one machine (docs/adr/0020): Debian's bubblewrap puts it in new
 * user, PID, IPC, UTS, cgroup and network namespaces — no network at all, not even loopback to the
 * platform —, with the system's {@code /usr} read-only, a private size-limited {@code /tmp}, its
 * working directory the one writable place ({@value #WORK}), and its dataset bound read-only at
 * {@value #DATASET}. Nothing else of the machine is there: not the platform's data folder, other
 * trials, {@code /home}, {@code /root} nor {@code /etc} (but {@code passwd} and {@code group}).
 * {@code prlimit} caps its address space, file sizes, open files and (the platform's user not being
 * root) processes; as root a pids cgroup caps its processes. Inside it is user 65534 without
 * capabilities. Output size, disk use and wall time are watched by the launcher.
 */
final class Sandbox {
    private static final Logger LOG = Logger.getLogger(Sandbox.class);

    static final Path BWRAP = SandboxSupport.BWRAP;
    static final Path PRLIMIT = SandboxSupport.PRLIMIT;

    /** The trial's working directory, inside. */
    static final String WORK = "/work";

    /** The trial's dataset, inside (read-only). */
    static final String DATASET = "/data/dataset.csv";

    /** What one trial may use. */
    record Limits(long memoryBytes, int processes, long fileBytes, long tmpBytes, int openFiles) {
        static Limits of(int memoryMb) {
            long memory = (long) memoryMb * 1024 * 1024;
            return new Limits(memory, 256, 2L * 1024 * 1024 * 1024, 256L * 1024 * 1024, 1024);
        }
    }

    private Sandbox() {}

    /** Whether trials can be sandboxed here (tried once). */
    static boolean available() {
        return SandboxSupport.available();
    }

    /** Whether this process runs as root (then a pids cgroup limits the trainer's processes). */
    static boolean root() {
        return uid() == 0;
    }

    /**
     * The command that runs {@code shell} (a shell command line) in the sandbox, with {@code
     * workDir} as its working directory and {@code dataset} (may be null) bound read-only; {@code
     * cgroup} (may be null) is a pids cgroup it joins first.
     */
    static List<String> command(
            String shell, Path workDir, Path dataset, Limits limits, Path cgroup) {
        List<String> command = new ArrayList<>();
        if (cgroup != null) {
            command.addAll(
                    List.of(
                            "/bin/sh",
                            "-c",
                            "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"",
                            cgroup.toString()));
        }
        command.addAll(
                List.of(
                        PRLIMIT.toString(),
                        "--as=" + limits.memoryBytes(),
                        "--fsize=" + limits.fileBytes(),
                        "--nofile=" + limits.openFiles(),
                        "--core=0"));
        if (!root()) {
            // counts all of this user's processes: those it has now, and the trainer's allowance
            command.add("--nproc=" + (userTasks() + limits.processes()));
        }
        command.add("--");
        command.addAll(bwrap(workDir, dataset, limits));
        command.addAll(List.of("/bin/sh", "-c", shell));
        return command;
    }

    /**
     * A pids cgroup allowing {@code processes} for the trial (root only, cgroup v1 or v2); null
     * where none can be made (the ADR says what that leaves open).
     */
    static Path pidsCgroup(String trialId, int processes) {
        if (!root()) {
            return null;
        }
        for (Path base : List.of(Path.of("/sys/fs/cgroup/pids"), Path.of("/sys/fs/cgroup"))) {
            try {
                if (!Files.isWritable(base) || !Files.exists(base.resolve("cgroup.procs"))) {
                    continue;
                }
                Path knobs = base.resolve("knobs-trials");
                Files.createDirectories(knobs);
                if (!Files.exists(knobs.resolve("pids.max"))) {
                    Files.writeString(base.resolve("cgroup.subtree_control"), "+pids");
                    Files.writeString(knobs.resolve("cgroup.subtree_control"), "+pids");
                }
                Path own = knobs.resolve(trialId);
                Files.createDirectories(own);
                Files.writeString(own.resolve("pids.max"), String.valueOf(processes));
                return own;
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debugf("no pids cgroup under %s: %s", base, e.toString());
            }
        }
        return null;
    }

    /** Removes a trial's pids cgroup once its processes are gone (where one was made). */
    static void removeCgroups(String trialId) {
        if (!root()) {
            return;
        }
        for (Path base : List.of(Path.of("/sys/fs/cgroup/pids"), Path.of("/sys/fs/cgroup"))) {
            Path own = base.resolve("knobs-trials").resolve(trialId);
            try {
                Files.deleteIfExists(own);
            } catch (java.io.IOException e) {
                LOG.debugf("cannot remove %s: %s", own, e.toString());
            }
        }
    }

    /** This user's processes and threads now. */
    private static long userTasks() {
        long uid = uid();
        long count = 0;
        try (var procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    if ((int) Files.getAttribute(proc, "unix:uid") == uid) {
                        try (var tasks = Files.list(proc.resolve("task"))) {
                            count += tasks.count();
                        }
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return 4096;
        }
        return count;
    }

    private static long uid() {
        try {
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static List<String> bwrap(Path workDir, Path dataset, Limits limits) {
        List<String> command = new ArrayList<>(SandboxSupport.system());
        command.addAll(
                List.of(
                        "--ro-bind-try",
                        "/etc/alternatives",
                        "/etc/alternatives",
                        "--ro-bind-try",
                        "/etc/ld.so.cache",
                        "/etc/ld.so.cache",
                        "--ro-bind-try",
                        "/etc/localtime",
                        "/etc/localtime",
                        "--size",
                        String.valueOf(limits.tmpBytes()),
                        "--tmpfs",
                        "/tmp",
                        "--bind",
                        workDir.toString(),
                        WORK,
                        // what the platform put there for it (its dataset) stays as it was
                        "--ro-bind-try",
                        workDir.resolve(SandboxContract.PRIVATE).toString(),
                        WORK + "/" + SandboxContract.PRIVATE,
                        "--ro-bind-try",
                        "/etc/passwd",
                        "/etc/passwd",
                        "--ro-bind-try",
                        "/etc/group",
                        "/etc/group",
                        "--chdir",
                        WORK));
        if (dataset != null) {
            command.addAll(List.of("--ro-bind", dataset.toString(), DATASET));
        }
        command.add("--");
        return command;
    }
}
