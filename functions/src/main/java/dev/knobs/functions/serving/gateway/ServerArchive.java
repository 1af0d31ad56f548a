package dev.knobs.functions.serving.gateway;

import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.functions.config.ChildEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A class-data sharing archive of the model server (the JDK's dynamic AppCDS): the classes a model
 * server loads, mapped in ready-made, which takes about a third off a cold start. When there is
 * none, the gateway writes one in the background as it starts: the trainer's {@code warm-up} serves
 * two small models it trains itself, once each, under {@code -XX:ArchiveClassesAtExit} (to a file
 * of its own, moved into place once whole). The archive belongs to one JDK and one trainer jar —
 * its name carries both — and a JDK that cannot use it simply starts without it.
 */
final class ServerArchive {
    private static final Logger LOG = Logger.getLogger(ServerArchive.class);

    private final Path archive;
    private final Path pending;
    private final Path trainerJar;

    ServerArchive(Path dir, Path trainerJar) {
        this.trainerJar = trainerJar;
        String key;
        try {
            key =
                    Integer.toHexString(
                            (trainerJar.toAbsolutePath()
                                            + "|"
                                            + Files.size(trainerJar)
                                            + "|"
                                            + Files.getLastModifiedTime(trainerJar)
                                            + "|"
                                            + System.getProperty("java.vm.version"))
                                    .hashCode());
        } catch (IOException e) {
            key = "unknown";
        }
        this.archive = dir.resolve("model-server-" + key + ".jsa");
        this.pending = dir.resolve("model-server-" + key + ".jsa.writing");
    }

    /** Archives being written by this process: one writer each. */
    private static final java.util.Set<Path> WRITING =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Writes the archive in the background unless it is there (or being written). */
    void prepare() {
        if (Files.isRegularFile(archive)
                || !Files.isRegularFile(trainerJar)
                || !WRITING.add(archive)) {
            return;
        }
        Thread writer = new Thread(this::write, "knobs-model-server-archive");
        writer.setDaemon(true);
        writer.start();
    }

    private void write() {
        try {
            Files.createDirectories(archive.getParent());
            Files.deleteIfExists(pending);
            ProcessBuilder builder =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-XX:ArchiveClassesAtExit=" + pending,
                                    "-Xlog:cds=off",
                                    "-Xlog:cds+dynamic=off",
                                    "-Xmx512m",
                                    "-jar",
                                    trainerJar.toString(),
                                    "warm-up")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = ChildEnvironment.basics(builder.environment());
            env.put(TrialEnvironment.PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
            int exit = builder.start().waitFor();
            if (exit == 0 && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE);
                LOG.infof("model servers start from the class-data archive %s", archive);
            } else {
                LOG.infof("no class-data archive for model servers (warm-up exit %d)", exit);
            }
        } catch (IOException e) {
            LOG.infof("no class-data archive for model servers: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            WRITING.remove(archive);
        }
    }

    /** The JVM options of the next server: read the archive once it is there. */
    List<String> options() {
        return Files.isRegularFile(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off")
                : List.of();
    }
}
