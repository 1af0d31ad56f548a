package dev.knobs.functions.search;

import java.util.List;

/** The search algorithms by the names the API and the page use. */
public final class SearchAlgorithms {
    public static final List<SearchAlgorithm> ALL =
            List.of(new RandomSearch(), new GridSearch(), new TpeSearch());

    private SearchAlgorithms() {}

    public static SearchAlgorithm named(String name) {
        return ALL.stream()
                .filter(a -> a.name().equalsIgnoreCase(name == null ? "random" : name.trim()))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown search algorithm '"
                                                + name
                                                + "'; choose random, grid or tpe"));
    }
}
