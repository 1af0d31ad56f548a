package dev.knobs.domain.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reading a search space in either form (text or JSON) and describing one to a person. */
public final class SearchSpaces {
    private SearchSpaces() {}

    /**
     * The JSON form, e.g. {@code {"parameters":[{"type":"float","name":"lr","low":0.001,...}]}}.
     */
    public static SearchSpace fromJson(String json) {
        return fromJsonWithSettings(json).space();
    }

    /**
     * The JSON form with the settings it may carry next to {@code parameters}: {@code
     * "searchAlgorithm": "tpe"} and {@code "earlyStopping": "asha"}.
     */
    public static ParsedSpace fromJsonWithSettings(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            String search = null;
            EarlyStopping.Rule stopping = null;
            if (node instanceof ObjectNode object) {
                search = text(object.remove("searchAlgorithm"));
                String rule = text(object.remove("earlyStopping"));
                stopping = rule == null ? null : EarlyStopping.Rule.named(rule);
                if (search != null
                        && !ParsedSpace.SEARCH_ALGORITHMS.contains(
                                search.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(
                            "searchAlgorithm must be random, grid or tpe, not '" + search + "'");
                }
            }
            return new ParsedSpace(
                    Json.MAPPER.treeToValue(node, SearchSpace.class),
                    search == null ? null : search.toLowerCase(Locale.ROOT),
                    stopping);
        } catch (IllegalArgumentException e) {
            throw new SearchSpaceSyntaxException(List.of(new SyntaxProblem(1, 1, e.getMessage())));
        } catch (JsonProcessingException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String message =
                    root instanceof IllegalArgumentException
                            ? root.getMessage()
                            : e.getOriginalMessage();
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            int column = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
            throw new SearchSpaceSyntaxException(List.of(new SyntaxProblem(line, column, message)));
        }
    }

    /** One readable line per parameter, as the page shows it under the text field. */
    public static List<String> describe(SearchSpace space) {
        return space.parameters().stream().map(SearchSpaces::describe).collect(Collectors.toList());
    }

    public static String describe(Parameter p) {
        if (p instanceof Parameter.FloatRange f) {
            return f.name()
                    + ": real number from "
                    + fmt(f.low())
                    + " to "
                    + fmt(f.high())
                    + (f.log() ? ", log scale" : "")
                    + (f.step() != null ? ", step " + fmt(f.step()) : "");
        }
        if (p instanceof Parameter.IntRange i) {
            return i.name()
                    + ": integer from "
                    + i.low()
                    + " to "
                    + i.high()
                    + (i.log() ? ", log scale" : "")
                    + (i.step() != 1 ? ", step " + i.step() : "");
        }
        if (p instanceof Parameter.Categorical c) {
            return c.name()
                    + ": one of "
                    + c.choices().stream()
                            .map(SearchSpaces::shown)
                            .collect(Collectors.joining(", "));
        }
        return p.name() + ": always " + shown(((Parameter.Fixed) p).value());
    }

    /**
     * A value as the summary shows it: bare when the language reads it back as the same value,
     * quoted when it would not (spaces, commas, a word the language gives a meaning, a number
     * written as text).
     */
    private static String shown(Object v) {
        boolean plain =
                v instanceof String s
                        && s.matches("[A-Za-z_][A-Za-z0-9_]*")
                        && !Words.modifier(new Token(Token.Kind.NAME, s, 1, 1))
                        && !Words.OR.contains(s.toLowerCase(Locale.ROOT))
                        && !Words.JOINS.contains(s.toLowerCase(Locale.ROOT))
                        && !Words.FILLERS.contains(s.toLowerCase(Locale.ROOT));
        return plain ? (String) v : value(v);
    }

    /**
     * The space in the page's language, one parameter per line, so that it parses back to the same
     * space (what a clone of an experiment starts from).
     */
    public static String toText(SearchSpace space) {
        return space.parameters().stream()
                .map(SearchSpaces::toText)
                .collect(Collectors.joining("\n"));
    }

    private static String toText(Parameter p) {
        if (p instanceof Parameter.FloatRange f) {
            return f.name()
                    + " = "
                    + real(f.low())
                    + " ~ "
                    + real(f.high())
                    + " float"
                    + (f.log() ? " log" : "")
                    + (f.step() != null ? " step " + real(f.step()) : "");
        }
        if (p instanceof Parameter.IntRange i) {
            return i.name()
                    + " = "
                    + i.low()
                    + " ~ "
                    + i.high()
                    + " int"
                    + (i.log() ? " log" : "")
                    + (i.step() != 1 ? " step " + i.step() : "");
        }
        if (p instanceof Parameter.Categorical c) {
            return c.name()
                    + " in ["
                    + c.choices().stream()
                            .map(SearchSpaces::value)
                            .collect(Collectors.joining(", "))
                    + "]";
        }
        return p.name() + " = " + value(((Parameter.Fixed) p).value());
    }

    private static String real(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** A value as the language reads it back: numbers and booleans bare, text quoted. */
    private static String value(Object v) {
        if (v instanceof Number n) {
            return n instanceof Double || n instanceof Float ? real(n.doubleValue()) : n.toString();
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        String s = String.valueOf(v);
        return s.contains("\"") ? "'" + s + "'" : "\"" + s + "\"";
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.valueOf((long) d)
                : String.format(Locale.ROOT, "%s", d);
    }
}
