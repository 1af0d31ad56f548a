package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.extension-requested}: the owner of an ended experiment extended its budget; its
 * search continues from its history. {@code extension} counts the owner's extensions (1 for the
 * first); how many trials they add is read from the database, not from the event.
 */
public record ExtensionRequested(String experimentId, String owner, int extension) {}
