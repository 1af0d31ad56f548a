package dev.knobs.eventing.emit;

/**
 * An event could not be handed to the broker. {@link #retryable()}: whether trying again later may
 * succeed (the broker was unreachable or busy), or the broker refused this event for good.
 */
public class EmitException extends RuntimeException {
    private final boolean retryable;

    public EmitException(String message, Throwable cause) {
        this(message, cause, true);
    }

    public EmitException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
