package dev.knobs.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The load generators the serving benchmark drives: {@code wrk} (closed loop) and {@code hey}. */
final class Loads {
    private Loads() {}

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");
    private static final Pattern HEY_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    /** One wrk run: throughput and latency percentiles in milliseconds. */
    record Load(double rps, double p50, double p99) {}

    static String lua(String body) {
        return "wrk.method = \"POST\"\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.body = [["
                + body
                + "]]\n";
    }

    static Load wrk(String url, Path script, int connections, int duration) throws Exception {
        Process p =
                new ProcessBuilder(
                                "wrk",
                                "-t" + Math.min(2, connections),
                                "-c" + connections,
                                "-d" + duration + "s",
                                "--latency",
                                "-s",
                                script.toString(),
                                url)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher errors = NON_2XX.matcher(out);
        Matcher sockets = SOCKET_ERRORS.matcher(out);
        if (errors.find() || sockets.find()) {
            throw new IllegalStateException("wrk saw failed requests at " + url + ":\n" + out);
        }
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IllegalStateException("wrk printed no rate:\n" + out);
        }
        return new Load(
                Double.parseDouble(rps.group(1)), percentile(out, "50%"), percentile(out, "99%"));
    }

    /** A latency percentile from wrk's distribution, in milliseconds. */
    static double percentile(String out, String which) {
        Matcher m =
                Pattern.compile("\\s" + Pattern.quote(which) + "\\s+([0-9.]+)(us|ms|s)")
                        .matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no " + which + ":\n" + out);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    /**
     * Latency with the load held at {@code rate} (wrk always runs a server at its limit, where
     * latency is queueing): {@code hey}, 16 connections, each at its share of the rate.
     */
    static Load held(String url, Path body, int rate, int seconds) throws Exception {
        Process p =
                new ProcessBuilder(
                                "hey",
                                "-z",
                                seconds + "s",
                                "-c",
                                "16",
                                "-q",
                                String.valueOf((rate + 15) / 16),
                                "-m",
                                "POST",
                                "-T",
                                "application/json",
                                "-D",
                                body.toString(),
                                url)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher rps = HEY_RPS.matcher(out);
        Matcher p50 = Pattern.compile("50% in ([0-9.]+) secs").matcher(out);
        Matcher p99 = Pattern.compile("99% in ([0-9.]+) secs").matcher(out);
        if (!rps.find()
                || !p50.find()
                || !p99.find()
                || !out.matches("(?s).*\\[200\\]\\s+\\d+ responses\\s*$")) {
            throw new IllegalStateException(
                    "hey saw failed requests or printed no figures at " + url + ":\n" + out);
        }
        return new Load(
                Double.parseDouble(rps.group(1)),
                Double.parseDouble(p50.group(1)) * 1000,
                Double.parseDouble(p99.group(1)) * 1000);
    }
}
