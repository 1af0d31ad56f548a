package dev.knobs.web.error;

/** A change that clashes with what exists (a taken name): 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
