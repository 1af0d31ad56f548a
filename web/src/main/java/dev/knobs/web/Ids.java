package dev.knobs.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Readable, unique ids: a slug of the name and six random hex digits, e.g. {@code churn-3f9a1c}.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The longest name a person may give a dataset, an experiment or a trainer. */
    public static final int MAX_NAME = 200;

    private Ids() {}

    /**
     * A name as a person gave it, trimmed, or {@code fallback} when none was given; refused with a
     * sentence when it is too long or holds control characters.
     */
    public static String name(String given, String fallback, String what) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        String name = given.strip();
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException(
                    "the "
                            + what
                            + "'s name has "
                            + name.length()
                            + " characters; at most "
                            + MAX_NAME
                            + ", please");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "the " + what + "'s name holds control characters; use letters and digits");
        }
        return name;
    }

    /**
     * A DNS-label-safe id (lower case, digits, '-'; at most 40 characters), usable as a model and
     * service name.
     */
    public static String from(String name) {
        String slug =
                name == null
                        ? ""
                        : name.toLowerCase(Locale.ROOT)
                                .replaceAll("[^a-z0-9]+", "-")
                                .replaceAll("^-+|-+$", "");
        if (slug.isEmpty() || !Character.isLetter(slug.charAt(0))) {
            slug = "x" + (slug.isEmpty() ? "" : "-" + slug);
        }
        if (slug.length() > 32) {
            slug = slug.substring(0, 32).replaceAll("-+$", "");
        }
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return slug + "-" + HexFormat.of().formatHex(bytes);
    }
}
