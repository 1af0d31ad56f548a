package dev.knobs.functions.experiment;

import dev.knobs.domain.account.UserAccount;
import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Leaderboard;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.domain.wiring.UserQuota;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.outbox.Outbox;
import dev.knobs.functions.search.History;
import dev.knobs.functions.search.SearchAlgorithm;
import dev.knobs.functions.search.SearchAlgorithms;
import dev.knobs.functions.trial.TrialLaunch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks the search for trials to fill an experiment's free slots, requests them ({@code
 * trial-requested} through the outbox), runs a lost trial again, and turns a requested trial into
 * what a launcher runs — all from the database.
 */
@ApplicationScoped
public class TrialRequests {
    /**
     * Times a trial's own process may be killed from outside (a signal: the kernel's out-of-memory
     * killer, someone's {@code kill}) while the platform ran, before the trial fails: something
     * keeps killing it.
     */
    public static final int MAX_KILLED = 3;

    /**
     * Attempts of a trial lost to crashes of the platform before it fails anyway: a backstop
     * against a trial that takes the platform down with it every time.
     */
    public static final int MAX_ATTEMPTS = 25;

    @Inject Trials trials;
    @Inject Outbox outbox;
    @Inject KnobsConfig config;
    @Inject AdapterSettings adapters;
    @Inject UserQuota quota;
    @Inject Experiments experiments;

    /**
     * Fills the free parallel slots with new trials, within the budget and what the search has
     * left; true when trials are left that the owner's quota holds back for now (the experiment
     * waits for room, the reconciler wakes it).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean fill(Experiment e, ExperimentSpec spec) {
        SearchAlgorithm search = SearchAlgorithms.named(spec.searchAlgorithm());
        History history = history(e, spec, search);
        long available = Math.min(spec.budget().maxTrials(), search.size(spec.searchSpace()));
        int outstanding = spec.budget().parallelTrials() * (1 + queuedPerSlot());
        int room = quotaRoom(e.owner, spec);
        while (e.trialsRunning() < outstanding && e.trialsRequested < available && room-- > 0) {
            int number = e.trialsRequested + 1;
            var suggestion = search.suggest(spec.searchSpace(), spec.seed(), number, history);
            if (suggestion.isEmpty()) {
                break;
            }
            e.trialsRequested = number;
            Trial t = newTrial(e, number, suggestion.get());
            trials.persist(t);
            request(t);
            history = history.withPending(suggestion.get());
        }
        // the quota stopped the loop: room ran out while slots and trials were left
        return room < 0;
    }

    /**
     * How many more trials the owner's quota holds now: how many trials they run over all their
     * experiments, and on a cluster (where Jobs run as soon as they are made) their running trials'
     * CPU and memory summed (on one machine the slot pool shares those). Fills of one owner's
     * experiments take turns (their user row is locked), so two cannot both take the last room.
     * Without a quota, no limit.
     */
    private int quotaRoom(String owner, ExperimentSpec spec) {
        boolean resources =
                adapters.trials() == AdapterSettings.Trials.JOB
                        && (quota.cpu().isPresent() || quota.memoryMb().isPresent());
        if (!resources && quota.trials().isEmpty()) {
            return Integer.MAX_VALUE;
        }
        trials.getEntityManager()
                .find(UserAccount.class, owner, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        double cpu = 0;
        long memory = 0;
        int running = 0;
        for (Experiment other :
                experiments.list("owner = ?1 and status = ?2", owner, ExperimentStatus.RUNNING)) {
            Resources r = Experiments.spec(other).resources();
            cpu += other.trialsRunning() * r.cpu();
            memory += (long) other.trialsRunning() * r.memoryMb();
            running += other.trialsRunning();
        }
        int byCount = quota.trialRoom(running);
        return resources ? Math.min(byCount, quota.room(cpu, memory, spec.resources())) : byCount;
    }

    /** Queues {@code trial-requested} for the trial's current attempt. */
    private void request(Trial t) {
        outbox.add(
                new KnobsEvent<>(
                        EventIds.trialRequested(t.id, t.attempt),
                        EventSources.FUNCTIONS,
                        t.experimentId,
                        new TrialRequested(t.experimentId, t.id, t.number, t.attempt)));
    }

    /**
     * Runs a lost trial again as its next attempt: it is not the trial's failure and costs the
     * experiment nothing. A loss with an exit code is the trial's own process killed from outside;
     * one without, its process gone with the platform. False when its process was killed {@value
     * #MAX_KILLED} times already, or after {@value #MAX_ATTEMPTS} attempts.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean again(Trial t, TrialFinished lost) {
        boolean killed = lost.exitCode() != null;
        if (!mayRunAgain(t.attempt, t.history, killed)) {
            return false;
        }
        String line =
                "attempt "
                        + t.attempt
                        + (killed ? " was killed and run again: " : " was lost and run again: ")
                        + lost.reason();
        t.history = t.history == null ? line : t.history + "\n" + line;
        t.attempt++;
        t.state = TrialState.REQUESTED;
        t.startedAt = null;
        t.requestedAt = Instant.now();
        request(t);
        return true;
    }

    /**
     * Whether attempt {@code attempt}, lost ({@code killed}: its own process killed from outside),
     * may be followed by another, given the trial's {@code history} of earlier losses.
     */
    static boolean mayRunAgain(int attempt, String history, boolean killed) {
        long killedBefore =
                history == null
                        ? 0
                        : history.lines().filter(l -> l.contains(" was killed and ")).count();
        return attempt < MAX_ATTEMPTS && !(killed && killedBefore + 1 >= MAX_KILLED);
    }

    /**
     * Trials requested ahead per parallel slot, which the launcher holds until a slot frees: the
     * next trial starts the moment one ends instead of after a round trip of events. One for child
     * processes (a queue in the process that runs the trials); none for Jobs, which start when
     * created.
     */
    private int queuedPerSlot() {
        return adapters.trials() == AdapterSettings.Trials.PROCESS ? 1 : 0;
    }

    /**
     * What a learning search knows of the experiment: finished trials' values and the ones still
     * running.
     */
    private History history(Experiment e, ExperimentSpec spec, SearchAlgorithm search) {
        if (!search.learns()) {
            return History.NONE;
        }
        trials.flush();
        List<History.Observation> completed = new ArrayList<>();
        List<Map<String, Object>> pending = new ArrayList<>();
        List<Map<String, Object>> pruned = new ArrayList<>();
        for (Trial t : trials.list("experimentId", e.id)) {
            Map<String, Object> parameters = Json.read(t.parameters, Json.VALUES);
            if (t.state == TrialState.SUCCEEDED && t.objectiveValue != null) {
                completed.add(
                        new History.Observation(
                                parameters, t.objectiveValue, Leaderboard.secondValue(t, spec)));
            } else if (!t.state.finished()) {
                pending.add(parameters);
            } else if (t.state == TrialState.PRUNED) {
                pruned.add(parameters);
            }
        }
        return new History(
                completed,
                pending,
                pruned,
                e.maximize,
                spec.twoObjectives() ? spec.secondObjective().goal() : null);
    }

    private static Trial newTrial(Experiment e, int number, Map<String, Object> parameters) {
        Trial t = new Trial();
        t.id = EventIds.trialId(e.id, number);
        t.experimentId = e.id;
        t.number = number;
        t.state = TrialState.REQUESTED;
        t.parameters = Json.write(parameters);
        t.requestedAt = Instant.now();
        return t;
    }

    /** Where a trial's model goes, the only place it may write one. */
    public String modelUrl(String trialId) {
        return config.artifacts().baseUrl() + "/models/" + trialId;
    }

    /** What a launcher runs for the trial's current attempt, from its row and its experiment's. */
    public TrialLaunch launch(Trial t, ExperimentSpec spec) {
        return new TrialLaunch(
                t.experimentId,
                t.id,
                t.number,
                t.attempt,
                Json.read(t.parameters, Json.VALUES),
                spec.algorithm(),
                spec.trainer(),
                spec.dataset(),
                spec.objective(),
                spec.resources(),
                modelUrl(t.id),
                spec.earlyStopping().enabled(),
                spec.budget().parallelTrials());
    }
}
