package dev.knobs.eventing.trust;

import dev.knobs.eventing.Hashes;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every credential Knobs hands to something that is not a person, minted from the {@link
 * PlatformKey} and checked without a lookup. Each names what it may do and is signed with the key:
 *
 * <ul>
 *   <li>{@link #part(Part)} — a platform process: the front, the functions, the broker;
 *   <li>{@link #trial} — one attempt of one trial until it expires: read its experiment's dataset
 *       and trainer, write its model, report about itself;
 *   <li>{@link #modelServer} — a model server: read its model's files;
 *   <li>{@link #modelCaller} — the front calling one model (the page's try-it form).
 * </ul>
 *
 * Whether what a credential names is still so (the trial still runs, the file is that model's) is
 * for the receiver to check in the database.
 */
public final class Credentials {
    private static final String SEP = "~";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** A process of the platform itself. */
    public enum Part {
        WEB,
        FUNCTIONS,
        BROKER
    }

    /** What a trial's credential says: which trial, which attempt, until when. */
    public record TrialClaim(String trialId, int attempt, Instant expires) {}

    private final PlatformKey key;

    public Credentials(PlatformKey key) {
        this.key = key;
    }

    public String part(Part part) {
        String name = part.name().toLowerCase(java.util.Locale.ROOT);
        return "knobs_part" + SEP + name + SEP + key.mac("part\n" + name);
    }

    /** The part whose credential {@code token} is, if it is one. */
    public Optional<Part> partOf(String token) {
        String[] f = fields(token, "knobs_part", 3);
        if (f == null) {
            return Optional.empty();
        }
        for (Part p : Part.values()) {
            if (Hashes.same(token, part(p))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public String trial(String trialId, int attempt, Instant expires) {
        requireId(trialId);
        String body = trialId + SEP + attempt + SEP + expires.getEpochSecond();
        return "knobs_trial" + SEP + body + SEP + key.mac("trial\n" + body);
    }

    /** What a trial credential claims, when it is one, genuine and not expired at {@code now}. */
    public Optional<TrialClaim> trialOf(String token, Instant now) {
        String[] f = fields(token, "knobs_trial", 5);
        if (f == null) {
            return Optional.empty();
        }
        try {
            TrialClaim claim =
                    new TrialClaim(
                            f[1],
                            Integer.parseInt(f[2]),
                            Instant.ofEpochSecond(Long.parseLong(f[3])));
            String body = f[1] + SEP + f[2] + SEP + f[3];
            if (!Hashes.same(f[4], key.mac("trial\n" + body)) || !claim.expires().isAfter(now)) {
                return Optional.empty();
            }
            return Optional.of(claim);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A model server's: it reads the files of model {@code name} and nothing else. */
    public String modelServer(String name) {
        requireId(name);
        return "knobs_serve" + SEP + name + SEP + key.mac("serve\n" + name);
    }

    /** The model whose files a model server's credential may read, when it is one and genuine. */
    public Optional<String> modelServerModel(String token) {
        String[] f = fields(token, "knobs_serve", 3);
        return f != null && Hashes.same(f[2], key.mac("serve\n" + f[1]))
                ? Optional.of(f[1])
                : Optional.empty();
    }

    /** The credential with which the front calls model {@code name} (its server knows its hash). */
    public String modelCaller(String name) {
        requireId(name);
        return "knobs_call" + SEP + name + SEP + key.mac("call\n" + name);
    }

    /** The fields of a credential of {@code kind}, or null when it is not one. */
    private static String[] fields(String token, String kind, int count) {
        if (token == null || !token.startsWith(kind + SEP)) {
            return null;
        }
        String[] f = token.split(SEP, -1);
        if (f.length != count) {
            return null;
        }
        for (int i = 1; i < count - 1; i++) {
            if (!ID.matcher(f[i]).matches()) {
                return null;
            }
        }
        return f;
    }

    private static void requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an id a credential can name: " + id);
        }
    }

    /** The token of an {@code Authorization: Bearer …} header, or null. */
    public static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip()
                : null;
    }
}
