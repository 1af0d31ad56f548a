package dev.knobs.web.experiment;

import static dev.knobs.web.experiment.Plots.BOTTOM;
import static dev.knobs.web.experiment.Plots.HEIGHT;
import static dev.knobs.web.experiment.Plots.LEFT;
import static dev.knobs.web.experiment.Plots.RIGHT;
import static dev.knobs.web.experiment.Plots.TOP;
import static dev.knobs.web.experiment.Plots.WIDTH;
import static dev.knobs.web.experiment.Plots.escape;
import static dev.knobs.web.experiment.Plots.fmt;
import static dev.knobs.web.experiment.Plots.label;
import static dev.knobs.web.experiment.Plots.line;
import static dev.knobs.web.experiment.Plots.number;

import dev.knobs.eventing.payload.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The analysis plots beside the history and parallel coordinates, server-rendered SVG like them,
 * each with a title and a description that says in words what it shows: hyperparameter importance
 * ({@link Importances}), a slice (the objective against one parameter), the timeline of trials over
 * time and slots, and the intermediate values early stopping judged.
 */
final class AnalysisPlots {
    private AnalysisPlots() {}

    private static final Map<String, String> STATE_COLOURS =
            Map.of(
                    "SUCCEEDED", "#2c6fbb",
                    "FAILED", "#c0392b",
                    "PRUNED", "#e67e22",
                    "STOPPED", "#7f8c8d",
                    "RUNNING", "#27ae60",
                    "REQUESTED", "#bdc3c7");

    static String importance(Map<String, Double> importances, String method) {
        StringBuilder description = new StringBuilder("Hyperparameter importance. ").append(method);
        importances.forEach(
                (p, v) ->
                        description
                                .append(' ')
                                .append(p)
                                .append(": ")
                                .append(number(v))
                                .append(';'));
        StringBuilder svg = Plots.open("Hyperparameter importance", description.toString());
        if (importances.isEmpty()) {
            label(
                    svg,
                    WIDTH / 2.0,
                    HEIGHT / 2.0,
                    "at least 6 succeeded trials are needed",
                    "middle",
                    false);
            return svg.append("</svg>\n").toString();
        }
        double rowHeight = Math.min(28, (HEIGHT - TOP - BOTTOM) / (double) importances.size());
        double left = 160;
        double width = WIDTH - left - RIGHT;
        int i = 0;
        for (Map.Entry<String, Double> e : importances.entrySet()) {
            double y = TOP + i * rowHeight;
            label(svg, left - 8, y + rowHeight * 0.65, e.getKey(), "end", false);
            bar(
                    svg,
                    "importance",
                    "#2c6fbb",
                    left,
                    y + rowHeight * 0.15,
                    Math.max(1, width * e.getValue()),
                    rowHeight * 0.7,
                    e.getKey() + ": " + number(e.getValue()));
            label(
                    svg,
                    left + width * e.getValue() + 6,
                    y + rowHeight * 0.65,
                    number(e.getValue()),
                    "start",
                    false);
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    /** A bar with a tooltip. */
    private static void bar(
            StringBuilder svg,
            String cls,
            String fill,
            double x,
            double y,
            double width,
            double height,
            String title) {
        svg.append("<rect class=\"")
                .append(cls)
                .append("\" fill=\"")
                .append(fill)
                .append("\" x=\"")
                .append(fmt(x))
                .append("\" y=\"")
                .append(fmt(y))
                .append("\" height=\"")
                .append(fmt(height))
                .append("\" width=\"")
                .append(fmt(width))
                .append("\"><title>")
                .append(escape(title))
                .append("</title></rect>\n");
    }

    /** The objective of each succeeded trial against {@code p}'s value. */
    static String slice(Parameter p, String metric, List<Plots.Point> points) {
        StringBuilder svg =
                Plots.open(
                        "Slice: " + metric + " by " + p.name(),
                        points.size()
                                + " succeeded trials: "
                                + metric
                                + " against the value of "
                                + p.name());
        if (points.isEmpty()) {
            return Plots.empty(svg);
        }
        Plots.Axis axis = Plots.Axis.of(p, 0);
        double low = points.stream().mapToDouble(Plots.Point::value).min().orElse(0);
        double high = points.stream().mapToDouble(Plots.Point::value).max().orElse(1);
        Plots.Scale y = Plots.Scale.padded(low, high, HEIGHT - BOTTOM, TOP);
        line(svg, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333");
        line(svg, LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333");
        label(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, p.name(), "middle", true);
        label(svg, 12, TOP - 12, metric, "start", true);
        label(svg, LEFT - 6, y.at(high) + 4, number(high), "end", false);
        label(svg, LEFT - 6, y.at(low) + 4, number(low), "end", false);
        for (Plots.Point pt : points) {
            Object v = pt.parameters().get(p.name());
            double x = horizontal(axis, v);
            svg.append("<circle class=\"trial\" r=\"3.5\" fill=\"#2c6fbb\" cx=\"")
                    .append(fmt(x))
                    .append("\" cy=\"")
                    .append(fmt(y.at(pt.value())))
                    .append("\"><title>trial ")
                    .append(pt.number())
                    .append(": ")
                    .append(escape(p.name()))
                    .append(' ')
                    .append(escape(String.valueOf(v)))
                    .append(", ")
                    .append(escape(metric))
                    .append(' ')
                    .append(number(pt.value()))
                    .append("</title></circle>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /** Where a value falls across the plot: the parameter's vertical axis turned sideways. */
    private static double horizontal(Plots.Axis axis, Object v) {
        double t = (HEIGHT - BOTTOM - axis.at(v)) / (HEIGHT - BOTTOM - TOP);
        return LEFT + 10 + (WIDTH - RIGHT - LEFT - 20) * t;
    }

    /**
     * The objective over two parameters: a grid coloured by the inverse-distance-weighted mean of
     * the succeeded trials around each cell (darker is better), the trials as dots on it.
     */
    static String contour(
            Parameter px, Parameter py, String metric, boolean maximize, List<Plots.Point> points) {
        Plots.Point best =
                points.stream()
                        .max(
                                java.util.Comparator.comparingDouble(
                                        p -> maximize ? p.value() : -p.value()))
                        .orElse(null);
        StringBuilder svg =
                Plots.open(
                        "Contour: " + metric + " over " + px.name() + " and " + py.name(),
                        points.size()
                                + " succeeded trials over "
                                + px.name()
                                + " (across) and "
                                + py.name()
                                + " (up), darker where "
                                + metric
                                + " is better"
                                + (best == null
                                        ? ""
                                        : "; the best, "
                                                + number(best.value())
                                                + ", at "
                                                + px.name()
                                                + " "
                                                + best.parameters().get(px.name())
                                                + " and "
                                                + py.name()
                                                + " "
                                                + best.parameters().get(py.name())));
        if (points.isEmpty()) {
            return Plots.empty(svg);
        }
        Plots.Axis ax = Plots.Axis.of(px, 0);
        Plots.Axis ay = Plots.Axis.of(py, 0);
        double low = points.stream().mapToDouble(Plots.Point::value).min().orElse(0);
        double high = points.stream().mapToDouble(Plots.Point::value).max().orElse(1);
        int cols = 30;
        int rows = 16;
        double cw = (WIDTH - LEFT - RIGHT) / (double) cols;
        double ch = (HEIGHT - TOP - BOTTOM) / (double) rows;
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < rows; j++) {
                double cx = LEFT + (i + 0.5) * cw;
                double cy = TOP + (j + 0.5) * ch;
                double v = weighted(cx, cy, ax, ay, px, py, points);
                double t = high == low ? 0.5 : (v - low) / (high - low);
                double good = maximize ? t : 1 - t;
                bar(
                        svg,
                        "cell",
                        shade(good),
                        LEFT + i * cw,
                        TOP + j * ch,
                        cw + 0.5,
                        ch + 0.5,
                        number(v));
            }
        }
        line(svg, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333");
        line(svg, LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333");
        label(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, px.name(), "middle", true);
        label(svg, 12, TOP - 12, py.name(), "start", true);
        for (Plots.Point pt : points) {
            svg.append("<circle class=\"trial\" r=\"3\" fill=\"")
                    .append(pt == best ? "#c0392b" : "#fff")
                    .append("\" stroke=\"#222\" cx=\"")
                    .append(fmt(horizontal(ax, pt.parameters().get(px.name()))))
                    .append("\" cy=\"")
                    .append(fmt(vertical(ay, pt.parameters().get(py.name()))))
                    .append("\"><title>trial ")
                    .append(pt.number())
                    .append(": ")
                    .append(escape(metric))
                    .append(' ')
                    .append(number(pt.value()))
                    .append("</title></circle>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /** Where a value falls up the plot (the axis spans the plot's height). */
    private static double vertical(Plots.Axis axis, Object v) {
        double t = (HEIGHT - BOTTOM - axis.at(v)) / (HEIGHT - BOTTOM - TOP);
        return HEIGHT - BOTTOM - 8 - (HEIGHT - BOTTOM - TOP - 16) * t;
    }

    /** The inverse-squared-distance mean of the trials' values around a point of the plot. */
    private static double weighted(
            double cx,
            double cy,
            Plots.Axis ax,
            Plots.Axis ay,
            Parameter px,
            Parameter py,
            List<Plots.Point> points) {
        double sum = 0;
        double weights = 0;
        for (Plots.Point pt : points) {
            double dx =
                    (horizontal(ax, pt.parameters().get(px.name())) - cx) / (WIDTH - LEFT - RIGHT);
            double dy =
                    (vertical(ay, pt.parameters().get(py.name())) - cy) / (HEIGHT - TOP - BOTTOM);
            double w = 1 / (dx * dx + dy * dy + 1e-4);
            sum += w * pt.value();
            weights += w;
        }
        return sum / weights;
    }

    /** From pale (worst) to deep blue (best). */
    private static String shade(double good) {
        double t = Math.max(0, Math.min(1, good));
        int r = (int) Math.round(235 - t * (235 - 20));
        int g = (int) Math.round(242 - t * (242 - 70));
        int b = (int) Math.round(250 - t * (250 - 150));
        return String.format(java.util.Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    /** One trial's run in time: its lane is the first slot free when it started. */
    record Run(int number, String state, Instant start, Instant end) {}

    static String timeline(List<Run> runs) {
        StringBuilder svg =
                Plots.open(
                        "Timeline of trials",
                        runs.size()
                                + " trials that ran, as bars from start to end in the slots they"
                                + " ran in, coloured by how they ended (blue succeeded, red failed,"
                                + " orange pruned, grey stopped, green running)");
        if (runs.isEmpty()) {
            label(svg, WIDTH / 2.0, HEIGHT / 2.0, "no trial has started yet", "middle", false);
            return svg.append("</svg>\n").toString();
        }
        Instant first = runs.stream().map(Run::start).min(Instant::compareTo).orElseThrow();
        Instant last = runs.stream().map(Run::end).max(Instant::compareTo).orElseThrow();
        double seconds = Math.max(1, Duration.between(first, last).toMillis() / 1000.0);
        List<Instant> lanes = new ArrayList<>();
        List<Integer> laneOf = new ArrayList<>();
        for (Run r : runs) {
            int lane = 0;
            while (lane < lanes.size() && lanes.get(lane).isAfter(r.start())) {
                lane++;
            }
            if (lane == lanes.size()) {
                lanes.add(r.end());
            } else {
                lanes.set(lane, r.end());
            }
            laneOf.add(lane);
        }
        double laneHeight = Math.min(24, (HEIGHT - TOP - BOTTOM) / (double) lanes.size());
        Plots.Scale x = new Plots.Scale(0, seconds, LEFT, WIDTH - RIGHT, false);
        line(svg, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333");
        label(
                svg,
                (LEFT + WIDTH - RIGHT) / 2.0,
                HEIGHT - 8,
                "seconds since the first trial started",
                "middle",
                true);
        label(svg, LEFT, HEIGHT - BOTTOM + 16, "0", "middle", false);
        label(svg, WIDTH - RIGHT, HEIGHT - BOTTOM + 16, number(seconds), "middle", false);
        label(svg, 12, TOP - 12, "slot", "start", true);
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            double from = x.at(Duration.between(first, r.start()).toMillis() / 1000.0);
            double to = x.at(Duration.between(first, r.end()).toMillis() / 1000.0);
            double y = TOP + laneOf.get(i) * laneHeight;
            String state = r.state().toLowerCase(java.util.Locale.ROOT);
            bar(
                    svg,
                    "run " + state,
                    STATE_COLOURS.getOrDefault(r.state(), "#999"),
                    from,
                    y + laneHeight * 0.15,
                    Math.max(1, to - from),
                    laneHeight * 0.7,
                    "trial "
                            + r.number()
                            + ", "
                            + state
                            + ", "
                            + number(Duration.between(r.start(), r.end()).toMillis() / 1000.0)
                            + " s");
        }
        return svg.append("</svg>\n").toString();
    }

    /** One trial's intermediate values, step by step, and whether it was pruned. */
    record Curve(int number, boolean pruned, List<double[]> steps) {}

    static String intermediate(String metric, List<Curve> curves) {
        long pruned = curves.stream().filter(Curve::pruned).count();
        StringBuilder svg =
                Plots.open(
                        "Intermediate values",
                        curves.size()
                                + " trials' "
                                + metric
                                + " step by step, as early stopping judged them; "
                                + pruned
                                + " pruned (dashed, orange)");
        List<double[]> all = new ArrayList<>();
        curves.forEach(c -> all.addAll(c.steps()));
        if (all.isEmpty()) {
            label(
                    svg,
                    WIDTH / 2.0,
                    HEIGHT / 2.0,
                    "no intermediate values (no early stopping, or none reported yet)",
                    "middle",
                    false);
            return svg.append("</svg>\n").toString();
        }
        double maxStep = all.stream().mapToDouble(s -> s[0]).max().orElse(1);
        double low = all.stream().mapToDouble(s -> s[1]).min().orElse(0);
        double high = all.stream().mapToDouble(s -> s[1]).max().orElse(1);
        Plots.Scale x = new Plots.Scale(0, Math.max(1, maxStep), LEFT, WIDTH - RIGHT, false);
        Plots.Scale y = Plots.Scale.padded(low, high, HEIGHT - BOTTOM, TOP);
        line(svg, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333");
        line(svg, LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333");
        label(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, "step", "middle", true);
        label(svg, 12, TOP - 12, metric, "start", true);
        label(svg, LEFT - 6, y.at(high) + 4, number(high), "end", false);
        label(svg, LEFT - 6, y.at(low) + 4, number(low), "end", false);
        label(svg, WIDTH - RIGHT, HEIGHT - BOTTOM + 16, number(maxStep), "middle", false);
        for (Curve c : curves) {
            StringBuilder pts = new StringBuilder();
            for (double[] s : c.steps()) {
                pts.append(fmt(x.at(s[0]))).append(',').append(fmt(y.at(s[1]))).append(' ');
            }
            svg.append("<polyline class=\"curve")
                    .append(c.pruned() ? " pruned" : "")
                    .append("\" fill=\"none\" stroke=\"")
                    .append(c.pruned() ? "#e67e22" : "#2c6fbb")
                    .append('"')
                    .append(c.pruned() ? " stroke-dasharray=\"4 3\"" : "")
                    .append(" points=\"")
                    .append(pts.toString().trim())
                    .append("\"><title>trial ")
                    .append(c.number())
                    .append(c.pruned() ? " (pruned)" : "")
                    .append("</title></polyline>\n");
        }
        return svg.append("</svg>\n").toString();
    }
}
