package dev.knobs.domain.experiment;

import dev.knobs.domain.Owned;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Budget;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An experiment as submitted through the front, before and after the functions pick it up: who owns
 * it and its {@link ExperimentSpec} as JSON. The front writes it; it is the authority the functions
 * act on, whatever an event says.
 */
@Entity
@Table(name = "submissions")
public class Submission extends Owned {
    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When its owner asked to cancel it: the authority for {@code cancel-requested}. */
    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;

    /**
     * How many times its owner extended the ended experiment's budget: the authority for {@code
     * extension-requested}. The experiment runs again until it has taken up this many.
     */
    @Column(name = "extensions", nullable = false, columnDefinition = "integer default 0")
    public int extensions;

    /** The trials all those extensions added to the budget the payload names. */
    @Column(name = "extra_trials", nullable = false, columnDefinition = "integer default 0")
    public int extraTrials;

    /**
     * The trials its owner asked for: the first budget's and every extension's, within a budget's
     * limit — what the experiment runs to, and what the front shows and checks.
     */
    public int trialsAsked() {
        int first = Json.read(payload, ExperimentSpec.class).budget().maxTrials();
        return Math.min(Budget.MAX_TRIALS, first + extraTrials);
    }
}
