package dev.knobs.functions.trial;

import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
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

    /** One {@code name=value} of a {@code knobs step=…} or {@code knobs final …} line. */
    private static final Pattern PAIR =
            Pattern.compile(
                    "([A-Za-z_][A-Za-z0-9_.-]*)=([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)");

    /**
     * The last value printed for each metric name: lines {@code name=value}, and {@code knobs final
     * name=value …} (the sandbox's contract); {@code knobs step=…} lines are progress.
     */
    public static Map<String, Double> metrics(String output) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        output.lines()
                .forEach(
                        line -> {
                            Matcher m = METRIC.matcher(line);
                            if (m.matches()) {
                                metrics.put(m.group(1), Double.parseDouble(m.group(2)));
                            } else if (line.startsWith("knobs final ")) {
                                metrics.putAll(pairs(line.substring("knobs final ".length())));
                            }
                        });
        return metrics;
    }

    /** The {@code name=value} pairs of a line, in order. */
    public static Map<String, Double> pairs(String line) {
        Map<String, Double> pairs = new LinkedHashMap<>();
        Matcher m = PAIR.matcher(line);
        while (m.find()) {
            pairs.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return pairs;
    }

    /**
     * The result of a custom trainer that exited 0, from what it printed: succeeded with its
     * metrics when the objective metric is among them, failed otherwise.
     */
    public static TrialFinished fromOutput(
            String experimentId, String trialId, String objectiveMetric, String output) {
        Map<String, Double> metrics = metrics(output);
        if (!metrics.containsKey(objectiveMetric)) {
            return failed(
                    experimentId,
                    trialId,
                    "the trainer exited without reporting the objective metric '"
                            + objectiveMetric
                            + "' (print a line such as "
                            + objectiveMetric
                            + "=0.93, or publish trial-finished)",
                    0,
                    tail(output));
        }
        return new TrialFinished(
                experimentId, trialId, TrialStatus.SUCCEEDED, metrics, null, null, 0, tail(output));
    }

    public static TrialFinished failed(
            String experimentId, String trialId, String reason, Integer exitCode, String tail) {
        return new TrialFinished(
                experimentId, trialId, TrialStatus.FAILED, Map.of(), null, reason, exitCode, tail);
    }

    public static String tail(String output) {
        return output.length() <= TAIL_CHARS
                ? output
                : "…" + output.substring(output.length() - TAIL_CHARS);
    }
}
