package dev.knobs.eventing.payload;

/**
 * A user's own trainer: on the embedded default an uploaded archive (unpacked as the trial's
 * working directory) and a command line; on a cluster an image (and optional pull secret).
 */
public record CustomTrainer(String archiveUrl, String command, String image, String pullSecret) {}
