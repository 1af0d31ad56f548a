package dev.knobs.eventing.payload;

/** A stored model: where it is and its format ({@code onnx} or {@code xgboost-json}). */
public record ModelRef(String url, String format) {
    public static final String ONNX = "onnx";
    public static final String XGBOOST_JSON = "xgboost-json";
}
