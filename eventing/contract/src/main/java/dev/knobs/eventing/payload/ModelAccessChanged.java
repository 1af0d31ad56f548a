package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.model-access-changed}: the owner of a served model changed its endpoint's
 * settings — opened it to everyone or restricted it to holders of a token, moved its traffic
 * (promotion, rollback, canary), retired a version, changed its scaling, or took it down. The
 * settings themselves are in the database, where the functions read them; {@code change} counts the
 * owner's changes, so a late older event never undoes a newer setting.
 */
public record ModelAccessChanged(String modelName, String owner, long change) {}
