package dev.knobs.functions.trial;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a trial printed: {@code name=value} metric lines, and the tail kept for a person to
 * read.
 */
public final class TrialOutput {
    private static final Pattern METRIC =
            Pattern.compile(
                    "^\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*=\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*$");
    public static final int TAIL_CHARS = 4000;

    private TrialOutput() {}

    /** The last value printed for each metric name. */
    public static Map<String, Double> metrics(String output) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        output.lines()
                .forEach(
                        line -> {
                            Matcher m = METRIC.matcher(line);
                            if (m.matches()) {
                                metrics.put(m.group(1), Double.parseDouble(m.group(2)));
                            }
                        });
        return metrics;
    }

    public static String tail(String output) {
        return output.length() <= TAIL_CHARS
                ? output
                : "…" + output.substring(output.length() - TAIL_CHARS);
    }
}
