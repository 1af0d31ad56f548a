package dev.knobs.domain.space;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the language cut into definitions: at commas and semicolons outside brackets and
 * quotes.
 */
final class Segments {
    private Segments() {}

    record Segment(String text, int line, int column) {}

    /** Splits a line at commas and semicolons outside brackets and quotes; drops comments. */
    static List<Segment> of(String line, int lineNo) {
        List<Segment> segments = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        int end = line.length();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                end = i;
                break;
            } else if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                depth = Math.max(0, depth - 1);
            } else if ((c == ',' || c == ';') && depth == 0) {
                add(segments, line, start, i, lineNo);
                start = i + 1;
            }
        }
        add(segments, line, start, end, lineNo);
        return segments;
    }

    private static void add(List<Segment> segments, String line, int from, int to, int lineNo) {
        String part = line.substring(from, to);
        if (!part.isBlank()) {
            int lead = 0;
            while (Character.isWhitespace(part.charAt(lead))) {
                lead++;
            }
            segments.add(new Segment(part.substring(lead), lineNo, from + lead + 1));
        }
    }
}
