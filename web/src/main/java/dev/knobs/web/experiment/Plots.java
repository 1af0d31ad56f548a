package dev.knobs.web.experiment;

import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Server-rendered SVG plots of an experiment, the way the page shows them (no charting library, no
 * script): the optimisation history (each succeeded trial's objective value by trial number, and
 * the best so far as a step line) and parallel coordinates (one axis per parameter and one for the
 * objective, one line per succeeded trial, the best drawn last and highlighted). Text is escaped;
 * every plot has a title and a description for screen readers.
 */
final class Plots {
    static final int WIDTH = 720;
    static final int HEIGHT = 320;
    static final int LEFT = 70;
    static final int RIGHT = 60;
    static final int TOP = 30;
    static final int BOTTOM = 45;

    private Plots() {}

    /** A succeeded trial as the plots need it. */
    record Point(int number, Map<String, Object> parameters, double value) {
        /** A succeeded trial's point (its objective value set). */
        static Point of(dev.knobs.domain.experiment.Trial t) {
            return new Point(
                    t.number,
                    dev.knobs.eventing.Json.read(t.parameters, dev.knobs.eventing.Json.VALUES),
                    t.objectiveValue);
        }
    }

    static String history(String metric, boolean maximize, List<Point> points) {
        StringBuilder svg = open("Optimisation history", historyDescription(metric, points));
        if (points.isEmpty()) {
            return empty(svg);
        }
        int maxNumber = points.stream().mapToInt(Point::number).max().orElse(1);
        double low = points.stream().mapToDouble(Point::value).min().orElse(0);
        double high = points.stream().mapToDouble(Point::value).max().orElse(1);
        Scale x = new Scale(0.5, maxNumber + 0.5, LEFT, WIDTH - RIGHT, false);
        Scale y = Scale.padded(low, high, HEIGHT - BOTTOM, TOP);
        axes(svg, "trial", metric, x, y);
        StringBuilder best = new StringBuilder();
        Double bestSoFar = null;
        for (Point p : points) {
            if (bestSoFar == null || (maximize ? p.value() > bestSoFar : p.value() < bestSoFar)) {
                if (bestSoFar != null) {
                    best.append(fmt(x.at(p.number()))).append(',').append(fmt(y.at(bestSoFar)));
                    best.append(' ');
                }
                bestSoFar = p.value();
            }
            best.append(fmt(x.at(p.number()))).append(',').append(fmt(y.at(bestSoFar))).append(' ');
        }
        best.append(fmt(x.at(maxNumber + 0.5))).append(',').append(fmt(y.at(bestSoFar)));
        svg.append("<polyline class=\"best-so-far\" fill=\"none\" stroke=\"#c0392b\"")
                .append(" stroke-width=\"2\" points=\"")
                .append(best.toString().trim())
                .append("\"/>\n");
        for (Point p : points) {
            svg.append("<circle class=\"trial\" r=\"3.5\" fill=\"#2c6fbb\" cx=\"")
                    .append(fmt(x.at(p.number())))
                    .append("\" cy=\"")
                    .append(fmt(y.at(p.value())))
                    .append("\"><title>trial ")
                    .append(p.number())
                    .append(": ")
                    .append(escape(metric))
                    .append(' ')
                    .append(number(p.value()))
                    .append("</title></circle>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static String historyDescription(String metric, List<Point> points) {
        return points.size()
                + " succeeded trials: "
                + metric
                + " by trial number, with the best so far as a line";
    }

    static String parallelCoordinates(
            String metric, boolean maximize, SearchSpace space, List<Point> points) {
        List<Parameter> axesOf =
                space.parameters().stream().filter(p -> !(p instanceof Parameter.Fixed)).toList();
        StringBuilder svg =
                open(
                        "Parallel coordinates",
                        points.size()
                                + " succeeded trials across "
                                + axesOf.size()
                                + " parameters and "
                                + metric
                                + "; the best is highlighted");
        if (points.isEmpty()) {
            return empty(svg);
        }
        int n = axesOf.size() + 1;
        double step = n == 1 ? 0 : (WIDTH - LEFT - RIGHT) / (double) (n - 1);
        List<Axis> axes = new ArrayList<>();
        for (int i = 0; i < axesOf.size(); i++) {
            axes.add(Axis.of(axesOf.get(i), LEFT + i * step));
        }
        double low = points.stream().mapToDouble(Point::value).min().orElse(0);
        double high = points.stream().mapToDouble(Point::value).max().orElse(1);
        Scale objective = Scale.padded(low, high, HEIGHT - BOTTOM, TOP);
        double objectiveX = LEFT + (n - 1) * step;
        for (Axis a : axes) {
            a.draw(svg);
        }
        line(svg, objectiveX, TOP, objectiveX, HEIGHT - BOTTOM, "#333");
        label(svg, objectiveX, HEIGHT - BOTTOM + 18, metric, "middle", true);
        label(svg, objectiveX + 4, objective.at(high) + 4, number(high), "start", false);
        label(svg, objectiveX + 4, objective.at(low) + 4, number(low), "start", false);
        Point best = points.get(0);
        for (Point p : points) {
            if (maximize ? p.value() > best.value() : p.value() < best.value()) {
                best = p;
            }
        }
        for (Point p : points) {
            if (p != best) {
                trialLine(svg, p, axes, objectiveX, objective, false);
            }
        }
        trialLine(svg, best, axes, objectiveX, objective, true);
        return svg.append("</svg>\n").toString();
    }

    private static void trialLine(
            StringBuilder svg,
            Point p,
            List<Axis> axes,
            double objectiveX,
            Scale objective,
            boolean best) {
        StringBuilder points = new StringBuilder();
        for (Axis a : axes) {
            double y = a.at(p.parameters().get(a.parameter().name()));
            points.append(fmt(a.x())).append(',').append(fmt(y)).append(' ');
        }
        points.append(fmt(objectiveX)).append(',').append(fmt(objective.at(p.value())));
        svg.append("<polyline class=\"")
                .append(best ? "trial best" : "trial")
                .append("\" fill=\"none\" stroke=\"")
                .append(best ? "#c0392b" : "#2c6fbb")
                .append("\" stroke-opacity=\"")
                .append(best ? "1" : "0.45")
                .append("\" stroke-width=\"")
                .append(best ? "2.5" : "1.2")
                .append("\" points=\"")
                .append(points)
                .append("\"><title>trial ")
                .append(p.number())
                .append(best ? " (best)" : "")
                .append("</title></polyline>\n");
    }

    /** One parameter's vertical axis: linear, log-scaled, or evenly spaced categories. */
    record Axis(Parameter parameter, double x, Scale scale) {
        static Axis of(Parameter p, double x) {
            if (p instanceof Parameter.FloatRange f) {
                return new Axis(p, x, new Scale(f.low(), f.high(), HEIGHT - BOTTOM, TOP, f.log()));
            }
            if (p instanceof Parameter.IntRange i) {
                return new Axis(p, x, new Scale(i.low(), i.high(), HEIGHT - BOTTOM, TOP, i.log()));
            }
            int k = ((Parameter.Categorical) p).choices().size();
            return new Axis(p, x, new Scale(-0.5, k - 0.5, HEIGHT - BOTTOM, TOP, false));
        }

        double at(Object value) {
            if (parameter instanceof Parameter.Categorical c) {
                int k = c.choices().indexOf(value);
                if (k < 0) {
                    k =
                            c.choices().stream()
                                    .map(String::valueOf)
                                    .toList()
                                    .indexOf(String.valueOf(value));
                }
                return scale.at(Math.max(0, k));
            }
            return scale.at(value instanceof Number n ? n.doubleValue() : scale.low());
        }

        void draw(StringBuilder svg) {
            line(svg, x, TOP, x, HEIGHT - BOTTOM, "#333");
            label(svg, x, HEIGHT - BOTTOM + 18, parameter.name(), "middle", true);
            if (parameter instanceof Parameter.Categorical c) {
                for (int k = 0; k < c.choices().size(); k++) {
                    label(
                            svg,
                            x + 4,
                            scale.at(k) + 4,
                            String.valueOf(c.choices().get(k)),
                            "start",
                            false);
                }
            } else {
                label(svg, x + 4, scale.at(scale.high()) + 4, number(scale.high()), "start", false);
                label(svg, x + 4, scale.at(scale.low()) + 4, number(scale.low()), "start", false);
            }
        }
    }

    /** Maps values in [low, high] (log-scaled when asked) to pixels in [from, to]. */
    record Scale(double low, double high, double from, double to, boolean log) {
        static Scale padded(double low, double high, double from, double to) {
            double pad =
                    high > low ? (high - low) * 0.05 : Math.max(1e-9, Math.abs(low) * 0.05 + 1e-9);
            return new Scale(low - pad, high + pad, from, to, false);
        }

        double at(double v) {
            double a = log ? Math.log(Math.max(low, 1e-300)) : low;
            double b = log ? Math.log(Math.max(high, 1e-300)) : high;
            double x = log ? Math.log(Math.max(v, 1e-300)) : v;
            double t = b == a ? 0.5 : (x - a) / (b - a);
            return from + Math.max(0, Math.min(1, t)) * (to - from);
        }
    }

    static void axes(StringBuilder svg, String xLabel, String yLabel, Scale x, Scale y) {
        line(svg, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333");
        line(svg, LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333");
        label(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, xLabel, "middle", true);
        label(svg, 12, TOP - 12, yLabel, "start", true);
        double top = y.low() + (y.high() - y.low()) * 0.95;
        double bottom = y.low() + (y.high() - y.low()) * 0.05;
        label(svg, LEFT - 6, y.at(top) + 4, number(top), "end", false);
        label(svg, LEFT - 6, y.at(bottom) + 4, number(bottom), "end", false);
        label(svg, x.at(1), HEIGHT - BOTTOM + 16, "1", "middle", false);
        long last = Math.round(x.high() - 0.5);
        if (last > 1) {
            label(svg, x.at(last), HEIGHT - BOTTOM + 16, String.valueOf(last), "middle", false);
        }
    }

    static StringBuilder open(String title, String description) {
        return new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n<title>")
                .append(escape(title))
                .append("</title>\n<desc>")
                .append(escape(description))
                .append("</desc>\n");
    }

    static String empty(StringBuilder svg) {
        label(svg, WIDTH / 2.0, HEIGHT / 2.0, "no trial has succeeded yet", "middle", false);
        return svg.append("</svg>\n").toString();
    }

    static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String c) {
        svg.append("<line x1=\"")
                .append(fmt(x1))
                .append("\" y1=\"")
                .append(fmt(y1))
                .append("\" x2=\"")
                .append(fmt(x2))
                .append("\" y2=\"")
                .append(fmt(y2))
                .append("\" stroke=\"")
                .append(c)
                .append("\"/>\n");
    }

    static void label(
            StringBuilder svg, double x, double y, String text, String anchor, boolean bold) {
        svg.append("<text x=\"")
                .append(fmt(x))
                .append("\" y=\"")
                .append(fmt(y))
                .append("\" text-anchor=\"")
                .append(anchor)
                .append('"')
                .append(bold ? " font-weight=\"bold\"" : "")
                .append('>')
                .append(escape(text))
                .append("</text>\n");
    }

    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e4 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
