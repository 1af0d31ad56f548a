package dev.knobs.eventing;

/**
 * The stable {@code source} attribute of each producer. Together with the deterministic ids made by
 * {@link EventIds}, a redelivered event is recognised by {@code source + id}.
 */
public final class EventSources {
    /** The web front: uploads and experiment submissions. */
    public static final String WEB = "/knobs/web";

    /** The tuning functions: trial requests, best selection, model publication. */
    public static final String FUNCTIONS = "/knobs/functions";

    /**
     * Trials. A trainer's own report and the platform's report of a trial that died share this
     * source and the id {@link EventIds#trialFinished(String)}, so only the first one counts.
     */
    public static final String TRIALS = "/knobs/trials";

    private EventSources() {}
}
