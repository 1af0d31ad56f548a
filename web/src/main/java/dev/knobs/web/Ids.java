package dev.knobs.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Readable, unique ids: a slug of the name and six random hex digits, e.g. {@code churn-3f9a1c}.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

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
