package dev.knobs.eventing.payload;

/** A dataset stored by the platform: where trials fetch it and which column holds the label. */
public record DatasetRef(String id, String url, String labelColumn) {}
