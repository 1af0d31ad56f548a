package dev.knobs.domain.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Whether this machine can sandbox custom trainers (docs/adr/0020): Debian's bubblewrap and
 * util-linux's prlimit are installed and a sandbox starts (user namespaces allowed). Where it
 * cannot, only administrators may run their own code on one machine. Tried once per process.
 */
public final class SandboxSupport {
    private static final Logger LOG = Logger.getLogger(SandboxSupport.class.getName());

    public static final Path BWRAP = Path.of("/usr/bin/bwrap");
    public static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    /** Why not, in a sentence, when there is no sandbox. */
    public static final String MISSING =
            "this machine has no sandbox for custom trainers (install bubblewrap:"
                    + " apt-get install bubblewrap)";

    private static volatile Boolean works;

    private SandboxSupport() {}

    /**
     * bubblewrap with every namespace new (no network), dying with its parent, user 65534 without
     * capabilities, and the system's programs read-only: {@code /usr} (and its links), {@code
     * /proc}, {@code /dev}. What a sandbox adds to it is its own.
     */
    public static List<String> system() {
        return List.of(
                BWRAP.toString(),
                "--unshare-all",
                "--die-with-parent",
                "--cap-drop",
                "ALL",
                "--uid",
                "65534",
                "--gid",
                "65534",
                "--new-session",
                "--ro-bind",
                "/usr",
                "/usr",
                "--symlink",
                "usr/bin",
                "/bin",
                "--symlink",
                "usr/sbin",
                "/sbin",
                "--symlink",
                "usr/lib",
                "/lib",
                "--ro-bind-try",
                "/lib64",
                "/lib64",
                "--proc",
                "/proc",
                "--dev",
                "/dev");
    }

    public static boolean available() {
        Boolean known = works;
        if (known == null) {
            known = tryOnce();
            works = known;
        }
        return known;
    }

    private static boolean tryOnce() {
        if (!Files.isExecutable(BWRAP) || !Files.isExecutable(PRLIMIT)) {
            LOG.info("no sandbox for custom trainers: install bubblewrap");
            return false;
        }
        try {
            List<String> check = new java.util.ArrayList<>(system());
            check.addAll(List.of("--", "/bin/sh", "-c", "exit 0"));
            Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
            boolean done = p.waitFor(20, TimeUnit.SECONDS);
            String said = new String(p.getInputStream().readAllBytes());
            if (done && p.exitValue() == 0) {
                return true;
            }
            p.destroyForcibly();
            LOG.warning(
                    "no sandbox for custom trainers: bubblewrap cannot start one here: " + said);
        } catch (IOException e) {
            LOG.warning("no sandbox for custom trainers: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
