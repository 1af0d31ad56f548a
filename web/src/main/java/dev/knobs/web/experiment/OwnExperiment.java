package dev.knobs.web.experiment;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route whose {@code {id}} must be one of the caller's experiments, checked before the resource
 * method runs — for streams, which cannot answer 404 once they have started.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OwnExperiment {}
