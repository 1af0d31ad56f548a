package dev.knobs.trainer.train;

/**
 * A model file as it will be stored and served, and its format ({@code onnx} or {@code
 * xgboost-json}).
 */
public record TrainedModel(byte[] bytes, String format) {}
