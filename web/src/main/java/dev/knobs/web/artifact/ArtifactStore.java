package dev.knobs.web.artifact;

import dev.knobs.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Datasets and models as files in {@code $KNOBS_DATA_DIR/artifacts/<kind>/<id>}. A write goes to a
 * temporary file that is moved into place, so a failed upload never leaves half a file, and an
 * existing artifact is only replaced by a complete new one.
 */
@ApplicationScoped
public class ArtifactStore {
    public enum Kind {
        DATASETS("datasets"),
        MODELS("models"),
        TRAINERS("trainers");

        final String folder;

        Kind(String folder) {
            this.folder = folder;
        }

        public String folder() {
            return folder;
        }

        public static Optional<Kind> of(String folder) {
            for (Kind k : values()) {
                if (k.folder.equals(folder)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;

    @Inject
    public ArtifactStore(WebConfig config) {
        this.root = config.dataDir().resolve("artifacts");
    }

    public void write(Kind kind, String id, byte[] content) {
        Path target = path(kind, id);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            Files.write(tmp, content);
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + kind.folder + "/" + id, e);
        }
    }

    public Optional<Path> find(Kind kind, String id) {
        Path p = path(kind, id);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Deletes an artifact if it is there. */
    public Void delete(Kind kind, String id) {
        try {
            Files.deleteIfExists(path(kind, id));
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + kind.folder + "/" + id, e);
        }
    }

    /** Whether {@code id} can name an artifact: letters, digits, '.', '_' and '-'. */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches() && !id.startsWith(".");
    }

    private Path path(Kind kind, String id) {
        if (!validId(id)) {
            throw new IllegalArgumentException(
                    "an artifact id holds letters, digits, '.', '_' and '-' only");
        }
        return root.resolve(kind.folder).resolve(id);
    }
}
