package dev.knobs.web.artifact;

import dev.knobs.domain.Blocking;
import io.smallrye.mutiny.Uni;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The file of a multipart form upload (field {@code file}), read off the event loop. */
public final class FormFiles {
    private FormFiles() {}

    /**
     * @param what what the field should hold, for the error when it is missing
     */
    public static Uni<byte[]> contents(FileUpload file, String what) {
        if (file == null) {
            throw new IllegalArgumentException("the form has no 'file' field with " + what);
        }
        return Blocking.call(() -> Files.readAllBytes(file.uploadedFile()));
    }
}
