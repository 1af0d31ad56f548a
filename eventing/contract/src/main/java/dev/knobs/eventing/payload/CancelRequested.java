package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.cancel-requested}: the owner of a running experiment cancelled it. Its requested
 * and running trials are stopped; nothing is published.
 */
public record CancelRequested(String experimentId, String owner) {}
