package dev.knobs.formats;

/** A dataset a person supplied cannot be used; the message says why in their terms. */
public class InvalidDataException extends RuntimeException {
    public InvalidDataException(String message) {
        super(message);
    }
}
