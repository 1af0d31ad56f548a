package dev.knobs.eventing;

/** An incoming event is not a well-formed Knobs event; the message says what is wrong. */
public class EventDecodingException extends RuntimeException {
    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventDecodingException(String message) {
        super(message);
    }
}
