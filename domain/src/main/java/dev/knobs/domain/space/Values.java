package dev.knobs.domain.space;

import dev.knobs.eventing.payload.Parameter;
import java.util.List;

/** What a definition said of its values, before modifiers (log, step, int) make it a parameter. */
sealed interface Values permits Values.Range, Values.Choices, Values.Fixed {

    record Range(Token low, Token high) implements Values {}

    record Choices(List<Object> choices) implements Values {}

    record Fixed(Object value) implements Values {}

    static Parameter build(Token name, Values values, boolean log, Token step, Boolean integer) {
        try {
            if (values instanceof Range r) {
                boolean asInt =
                        integer != null
                                ? integer
                                : isInteger(r.low())
                                        && isInteger(r.high())
                                        && (step == null || isInteger(step));
                if (asInt) {
                    return new Parameter.IntRange(
                            name.text(),
                            (long) number(r.low()),
                            (long) number(r.high()),
                            log,
                            step == null ? 1L : (long) number(step));
                }
                return new Parameter.FloatRange(
                        name.text(),
                        number(r.low()),
                        number(r.high()),
                        log,
                        step == null ? null : number(step));
            }
            if (log || step != null) {
                throw SearchSpaceParser.error(
                        name,
                        "'log' and 'step' apply to ranges only, and '"
                                + name.text()
                                + "' is not a range");
            }
            if (values instanceof Choices c) {
                return new Parameter.Categorical(name.text(), c.choices());
            }
            return new Parameter.Fixed(name.text(), ((Fixed) values).value());
        } catch (IllegalArgumentException e) {
            if (e instanceof SearchSpaceSyntaxException s) {
                throw s;
            }
            throw SearchSpaceParser.error(name, e.getMessage());
        }
    }

    static boolean isInteger(Token t) {
        return !t.text().contains(".") && !t.text().toLowerCase().contains("e");
    }

    static double number(Token t) {
        return Double.parseDouble(t.text());
    }

    static Object scalar(Token t) {
        if (t.kind() == Token.Kind.NUMBER) {
            return isInteger(t)
                    ? (Object) Long.parseLong(t.text().replace("+", ""))
                    : (Object) Double.parseDouble(t.text());
        }
        return t.text();
    }
}
