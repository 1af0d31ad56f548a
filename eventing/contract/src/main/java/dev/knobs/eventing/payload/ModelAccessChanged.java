package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.model-access-changed}: the owner of a served model opened it to everyone or
 * restricted it to holders of a token. The setting itself is in the database, where the functions
 * read it; {@code change} counts the owner's changes, so a late older event never undoes a newer
 * setting.
 */
public record ModelAccessChanged(String modelName, String owner, long change) {}
