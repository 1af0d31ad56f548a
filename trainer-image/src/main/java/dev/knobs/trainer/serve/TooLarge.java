package dev.knobs.trainer.serve;

/** A request past the server's limits (its body, or the values of its tensors): 413. */
final class TooLarge extends InferenceException {
    TooLarge(String message) {
        super(message);
    }
}
