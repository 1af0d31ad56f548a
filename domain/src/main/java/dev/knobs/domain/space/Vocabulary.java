package dev.knobs.domain.space;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hyperparameter names a search space may use, by every name people say: a built-in algorithm's
 * parameters with their aliases in English and Korean ({@code learning rate}, {@code 학습률}, {@code
 * eta} → {@code learning_rate}), matched without regard to case, spaces, {@code _} or {@code -}. A
 * closed vocabulary (a built-in algorithm's) refuses other names, suggesting the nearest; an open
 * one (a custom trainer's) keeps names as written and resolves the aliases it knows.
 */
public final class Vocabulary {
    /** Names as written, no aliases: a custom trainer's, or a text read on its own. */
    public static final Vocabulary OPEN = new Vocabulary("", Map.of(), false);

    private final String owner;
    private final Map<String, Set<String>> meanings;
    private final boolean closed;

    private Vocabulary(String owner, Map<String, Set<String>> meanings, boolean closed) {
        this.owner = owner;
        this.meanings = meanings;
        this.closed = closed;
    }

    /**
     * {@code aliases}: each canonical name with what else it is called. {@code owner} names whose
     * names they are in messages, e.g. {@code algorithm 'xgboost'}.
     */
    public static Vocabulary of(
            String owner, Map<String, ? extends Collection<String>> aliases, boolean closed) {
        Map<String, Set<String>> meanings = new LinkedHashMap<>();
        aliases.forEach(
                (name, others) -> {
                    add(meanings, name, name);
                    others.forEach(alias -> add(meanings, alias, name));
                });
        return new Vocabulary(owner, meanings, closed);
    }

    private static void add(Map<String, Set<String>> meanings, String alias, String name) {
        meanings.computeIfAbsent(key(alias), k -> new TreeSet<>()).add(name);
    }

    /** How names are compared: lower case, without spaces, {@code _} or {@code -}. */
    static String key(String phrase) {
        return phrase.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]+", "");
    }

    public boolean closed() {
        return closed;
    }

    public String owner() {
        return owner;
    }

    /** The canonical names {@code phrase} may mean: none, one, or several (an ambiguous alias). */
    List<String> meanings(String phrase) {
        return new ArrayList<>(meanings.getOrDefault(key(phrase), Set.of()));
    }

    /** Every canonical name. */
    Set<String> names() {
        Set<String> all = new TreeSet<>();
        meanings.values().forEach(all::addAll);
        return all;
    }

    /** The known name nearest to {@code phrase}, when one is near enough to be a slip. */
    Optional<String> nearest(String phrase) {
        String typed = key(phrase);
        String best = null;
        int distance = Integer.MAX_VALUE;
        for (Map.Entry<String, Set<String>> e : meanings.entrySet()) {
            int d = distance(typed, e.getKey());
            if (d < distance) {
                distance = d;
                best = e.getValue().iterator().next();
            }
        }
        int allowed = Math.max(1, typed.length() / 4);
        return best != null && distance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] =
                        Math.min(
                                Math.min(current[j - 1] + 1, previous[j] + 1),
                                previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
