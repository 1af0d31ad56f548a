package dev.knobs.functions.serving.gateway;

import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.config.ChildEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the gateway starts a model server: the packaged trainer's {@code serve}, with the model's own
 * credential (never the platform's key), its access, and the JVM options of a server.
 */
final class ServerCommand {
    private final Path trainerHome;
    private final Credentials credentials;
    private final ServerArchive archive;

    /** The SHA-256 of the token a model requires now (null: open). */
    private final Function<String, String> token;

    ServerCommand(
            Path trainerHome,
            Credentials credentials,
            Path archiveDir,
            Function<String, String> token) {
        this.trainerHome = trainerHome;
        this.credentials = credentials;
        this.token = token;
        this.archive =
                archiveDir == null
                        ? null
                        : new ServerArchive(archiveDir, trainerHome.resolve("knobs-trainer.jar"));
        if (archive != null) {
            archive.prepare();
        }
    }

    /**
     * A model server: the JIT's full tiers (a server lives for many requests), a serial collector
     * (its heap holds one model and requests in flight), and the class-data archive.
     */
    ProcessBuilder serverProcess(ServedVersion v) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-Xmx512m", "-Xss512k"));
        if (archive != null) {
            command.addAll(archive.options());
        }
        command.addAll(
                List.of("-jar", trainerHome.resolve("knobs-trainer.jar").toString(), "serve"));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = ChildEnvironment.basics(builder.environment());
        env.put("KNOBS_MODEL_NAME", v.name);
        env.put("KNOBS_MODEL_VERSION", String.valueOf(v.revision()));
        env.put("KNOBS_MODEL_URL", v.version.model().url());
        env.put("KNOBS_MODEL_FORMAT", v.version.model().format());
        env.put(TrialEnvironment.ARTIFACT_TOKEN, credentials.modelServer(v.name));
        env.put(
                TrialEnvironment.MODEL_CALLER_SHA256,
                Hashes.sha256(credentials.modelCaller(v.name)));
        env.put(TrialEnvironment.PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
        env.put("KNOBS_HOST", "127.0.0.1");
        if (v.address().isDomainSocket()) {
            env.put("KNOBS_SOCKET", v.address().path());
        } else {
            env.put("PORT", String.valueOf(v.address().port()));
        }
        String required = token.apply(v.name);
        if (required != null) {
            env.put(TrialEnvironment.MODEL_TOKEN_SHA256, required);
        }
        return builder;
    }
}
