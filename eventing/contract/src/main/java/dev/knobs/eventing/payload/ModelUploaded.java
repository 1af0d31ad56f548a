package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.model-uploaded}: a user uploaded a finished model file to be served as {@code
 * modelName}. It names the upload; the file and its owner are in the upload the front stored, where
 * the functions read them, and the functions number the revision.
 */
public record ModelUploaded(String uploadId, String modelName, String owner) {}
