package dev.knobs.web.artifact;

import dev.knobs.web.Worker;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The file of a multipart form upload (field {@code file}), read off the event loop. */
@ApplicationScoped
public class FormFiles {
    @Inject Worker worker;

    /**
     * @param what what the field should hold, for the error when it is missing
     */
    public Uni<byte[]> contents(FileUpload file, String what) {
        if (file == null) {
            throw new IllegalArgumentException("the form has no 'file' field with " + what);
        }
        return worker.call(() -> Files.readAllBytes(file.uploadedFile()));
    }
}
