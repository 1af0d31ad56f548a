package dev.knobs.eventing.emit;

/** An event could not be handed to the broker. */
public class EmitException extends RuntimeException {
    public EmitException(String message, Throwable cause) {
        super(message, cause);
    }
}
