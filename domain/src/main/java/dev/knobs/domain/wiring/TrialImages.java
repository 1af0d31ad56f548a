package dev.knobs.domain.wiring;

import io.smallrye.config.ConfigMapping;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where users' own trainer images may come from on a cluster: the registries, or the folders of a
 * registry, an administrator lists ({@code KNOBS_TRIAL_IMAGES_ALLOWED}, comma-separated, e.g.
 * {@code ghcr.io/acme,registry.example.com/ml}). Unset, any image may run. A reference is read as a
 * container runtime reads it: without a registry host it is Docker Hub's ({@code python:3.12} is
 * {@code docker.io/library/python}); its tag and digest are not part of where it comes from; and an
 * entry matches whole path components only ({@code ghcr.io/acme} allows {@code
 * ghcr.io/acme/trainer} but not {@code ghcr.io/acme-evil/trainer} or {@code
 * ghcr.io.evil.com/acme}).
 */
@ConfigMapping(prefix = "knobs.trial.images")
public interface TrialImages {
    /** The registries and registry folders images may come from; empty or unset: any. */
    Optional<List<String>> allowed();

    /** Why {@code image} may not run here, or null when it may. */
    default String refusal(String image) {
        List<String> allowed = allowed().orElse(List.of());
        if (allowed.isEmpty() || image == null) {
            return null;
        }
        List<String> where = source(image);
        for (String entry : allowed) {
            List<String> prefix = Arrays.asList(entry.strip().replaceAll("/+$", "").split("/"));
            if (!entry.isBlank()
                    && where.size() > prefix.size()
                    && where.subList(0, prefix.size()).equals(lower(prefix))) {
                return null;
            }
        }
        return "the image '"
                + image
                + "' is not from a registry the administrator allows ("
                + String.join(", ", allowed)
                + ")";
    }

    /** The registry host and the repository's path components, without tag or digest. */
    static List<String> source(String image) {
        String ref = image.strip();
        int digest = ref.indexOf('@');
        if (digest >= 0) {
            ref = ref.substring(0, digest);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            ref = ref.substring(0, colon);
        }
        List<String> parts = Arrays.asList(ref.split("/"));
        String first = parts.get(0);
        boolean host =
                parts.size() > 1
                        && (first.contains(".")
                                || first.contains(":")
                                || first.equals("localhost"));
        if (!host) {
            ref = "docker.io/" + (parts.size() == 1 ? "library/" : "") + ref;
        }
        return lower(Arrays.asList(ref.split("/")));
    }

    private static List<String> lower(List<String> parts) {
        return parts.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
    }
}
