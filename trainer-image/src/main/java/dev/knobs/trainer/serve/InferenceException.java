package dev.knobs.trainer.serve;

/** A request a client can fix: answered with 400 and this message. */
public class InferenceException extends RuntimeException {
    public InferenceException(String message) {
        super(message);
    }
}
