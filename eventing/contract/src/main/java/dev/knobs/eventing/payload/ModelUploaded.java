package dev.knobs.eventing.payload;

/** {@code dev.knobs.model-uploaded}: a user uploaded a finished model file to be served. */
public record ModelUploaded(String modelName, String owner, int revision, ModelRef model) {}
