package dev.knobs.functions.stopping;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers as a person reads them in a reason: six significant digits, no trailing zeros. */
public final class Numbers {
    private Numbers() {}

    public static String show(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
