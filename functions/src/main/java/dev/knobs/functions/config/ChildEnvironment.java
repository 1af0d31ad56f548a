package dev.knobs.functions.config;

import java.util.Map;
import java.util.Set;

/**
 * What a child process (a trial, a model server) inherits of the functions' environment: only the
 * system's basics. Nothing of the platform's own — its key, the database's password, cloud
 * credentials a host may set — reaches code the platform runs for a user.
 */
public final class ChildEnvironment {
    private static final Set<String> KEPT = Set.of("PATH", "LANG", "TZ", "TMPDIR", "HOME", "USER");

    private ChildEnvironment() {}

    /** Removes from {@code env} (a fresh process's) everything but the basics. */
    public static Map<String, String> basics(Map<String, String> env) {
        env.keySet().removeIf(k -> !KEPT.contains(k) && !k.startsWith("LC_"));
        return env;
    }
}
