package dev.knobs.domain.space;

import dev.knobs.eventing.payload.Parameter;
import java.util.List;

/**
 * What a search space must be besides well-formed: each parameter named once, names and counts
 * within what a trial's environment (one variable per parameter) and a person can handle.
 */
final class SpaceChecks {
    static final int MAX_PARAMETERS = 100;
    static final int MAX_NAME = 64;

    private SpaceChecks() {}

    /** The problem with a parameter's name, or null. */
    static SyntaxProblem name(Parameter p, int line, int column) {
        return p.name().length() <= MAX_NAME
                ? null
                : new SyntaxProblem(
                        line,
                        column,
                        "the parameter name '"
                                + p.name().substring(0, 20)
                                + "…' has "
                                + p.name().length()
                                + " characters; at most "
                                + MAX_NAME);
    }

    /** The problem with how many parameters there are, or null. */
    static SyntaxProblem count(List<Parameter> parameters) {
        return parameters.size() <= MAX_PARAMETERS
                ? null
                : new SyntaxProblem(
                        1,
                        1,
                        "this search space has "
                                + parameters.size()
                                + " parameters; a search space takes at most "
                                + MAX_PARAMETERS);
    }

    /** A parameter named a second time. */
    static SyntaxProblem definedTwice(String name, int line, int column, Token first) {
        return new SyntaxProblem(
                line,
                column,
                "parameter '"
                        + name
                        + "' is already defined at line "
                        + first.line()
                        + ", column "
                        + first.column());
    }
}
