package dev.knobs.eventing.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code dev.knobs.model-access-changed}: the owner of a served model opened it to everyone ({@code
 * tokenSha256} absent) or restricted it to holders of a token (only its SHA-256 travels). The
 * endpoint applies it to every request after; {@code change} counts the owner's changes, so a late
 * older change never undoes a newer one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelAccessChanged(String modelName, String owner, long change, String tokenSha256) {}
