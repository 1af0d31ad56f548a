package dev.knobs.formats.model;

import java.util.List;

/**
 * Open Inference Protocol tensor metadata: name, datatype (FP32, INT64, BYTES, ...) and shape (-1 =
 * any).
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {}
