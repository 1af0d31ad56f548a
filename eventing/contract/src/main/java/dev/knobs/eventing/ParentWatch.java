package dev.knobs.eventing;

import java.util.Optional;
import java.util.function.Function;

/**
 * A child process of the platform (the functions, a trial's trainer, a model server) follows the
 * process that started it, named by {@link TrialEnvironment#PARENT_PID}: when that one ends — even
 * by {@code kill -9} — so does the child, within a second, so an unclean stop leaves nothing
 * running and holding ports.
 */
public final class ParentWatch {
    private ParentWatch() {}

    /** Starts following the parent the environment names, if it names one. */
    public static void start(Function<String, String> env, Runnable onGone) {
        Optional<ProcessHandle> parent = parent(env.apply(TrialEnvironment.PARENT_PID));
        if (parent.isEmpty()) {
            return;
        }
        Thread watch =
                new Thread(
                        () -> {
                            while (parent.get().isAlive()) {
                                try {
                                    Thread.sleep(500);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                            onGone.run();
                        },
                        "knobs-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static Optional<ProcessHandle> parent(String pid) {
        try {
            return pid == null || pid.isBlank()
                    ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(pid.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
