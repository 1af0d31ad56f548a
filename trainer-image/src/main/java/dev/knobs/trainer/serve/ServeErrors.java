package dev.knobs.trainer.serve;

/** The model server's answers that are not 400: each a sentence with its status. */
final class ServeErrors {
    private ServeErrors() {}

    /** A request for a model or path this endpoint does not serve: 404. */
    static final class NotFound extends InferenceException {
        NotFound(String message) {
            super(message);
        }
    }

    /** A path used with the wrong method: 405. */
    static final class NotAllowed extends InferenceException {
        NotAllowed(String message) {
            super(message);
        }
    }

    /** The model could not be loaded: 503. */
    static final class ModelUnavailable extends Exception {
        ModelUnavailable(String message) {
            super(message);
        }
    }
}
