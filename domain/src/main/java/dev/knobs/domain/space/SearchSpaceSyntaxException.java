package dev.knobs.domain.space;

import java.util.List;
import java.util.stream.Collectors;

/** A search-space text does not parse; {@link #problems()} lists every error found. */
public class SearchSpaceSyntaxException extends IllegalArgumentException {
    private final List<SyntaxProblem> problems;

    public SearchSpaceSyntaxException(List<SyntaxProblem> problems) {
        super(problems.stream().map(SyntaxProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<SyntaxProblem> problems() {
        return problems;
    }
}
