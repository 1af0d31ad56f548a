package dev.knobs.eventing.publish;

/** An event could not be handed to the broker. */
public class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
