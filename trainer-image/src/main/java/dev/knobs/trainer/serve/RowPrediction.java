package dev.knobs.trainer.serve;

import java.util.Map;

/** The prediction for one row of named features: a class and its probabilities, or a value. */
public record RowPrediction(String label, Map<String, Double> probabilities, Double value) {}
