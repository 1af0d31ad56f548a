package dev.knobs.domain.space;

/** One error in a search-space text: where (1-based line and column) and what was expected. */
public record SyntaxProblem(int line, int column, String message) {
    @Override
    public String toString() {
        return "line " + line + ", column " + column + ": " + message;
    }
}
