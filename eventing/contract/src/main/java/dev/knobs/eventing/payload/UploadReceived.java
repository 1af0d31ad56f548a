package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.upload-received}: a user submitted an experiment. It names it; its settings and
 * its owner's authority are in the submission the front stored, where the functions read them.
 */
public record UploadReceived(String experimentId, String owner, String name) {}
