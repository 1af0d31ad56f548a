package dev.knobs.functions.stopping;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.IntermediateResult;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.EarlyStopping.Rule;
import dev.knobs.eventing.payload.TrialProgress;
import dev.knobs.functions.experiment.Experiments;
import dev.knobs.functions.experiment.Trials;
import dev.knobs.functions.experiment.TuningLoop;
import dev.knobs.functions.news.News;
import dev.knobs.functions.once.ProcessedEvents;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * trial-progress: records a trial's intermediate value and lets the experiment's rule ({@link
 * MedianRule}, {@link Asha}) judge it, in the transaction that locks the experiment row. A stopped
 * trial becomes pruned and its slot goes to a new trial (docs/adr/0008).
 */
@ApplicationScoped
public class ProgressJudge implements PanacheRepositoryBase<IntermediateResult, String> {
    @Inject ProcessedEvents processed;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject TuningLoop loop;
    @Inject News news;

    /**
     * Yields the trial's id when it must be stopped (now, or it was stopped before and still
     * reports), with any trials the experiment's end stops.
     */
    @Transactional
    public List<String> onTrialProgress(TrialProgress progress, String key) {
        if (!processed.firstTime(key, "trial-progress")) {
            return List.of();
        }
        Experiment e = experiments.locked(progress.experimentId());
        Trial t = e == null ? null : trials.findById(progress.trialId());
        if (t == null || !t.experimentId.equals(e.id) || t.attempt != progress.attemptOrFirst()) {
            return List.of();
        }
        if (t.state == TrialState.PRUNED || t.state == TrialState.STOPPED) {
            return List.of(t.id);
        }
        if (t.state.finished() || (t.lastStep != null && progress.step() <= t.lastStep)) {
            return List.of();
        }
        t.lastStep = progress.step();
        t.metrics = Json.write(progress.metrics());
        ExperimentSpec upload = Experiments.spec(e);
        EarlyStopping rule = upload.earlyStopping();
        Double value = progress.metrics().get(e.objectiveMetric);
        if (!rule.enabled()
                || e.status != ExperimentStatus.RUNNING
                || value == null
                || !Double.isFinite(value)) {
            return List.of();
        }
        Optional<String> verdict =
                rule.rule() == Rule.MEDIAN
                        ? median(e, t, progress.step(), value, rule)
                        : rule.rule() == Rule.ASHA
                                ? asha(e, t, progress.step(), value, rule)
                                : Optional.empty();
        return verdict.map(why -> prune(e, upload, t, why)).orElse(List.of());
    }

    private List<String> prune(Experiment e, ExperimentSpec upload, Trial t, String why) {
        t.state = TrialState.PRUNED;
        t.reason = why;
        t.finishedAt = Instant.now();
        e.trialsFinished++;
        e.trialsPruned++;
        news.trialEnded(e, t);
        List<String> stop = new ArrayList<>(loop.afterTrialEnded(e, upload, t));
        stop.add(t.id);
        return stop;
    }

    private Optional<String> median(
            Experiment e, Trial t, long step, double value, EarlyStopping rule) {
        persist(IntermediateResult.atStep(t, step, value));
        double[] others =
                list(
                                "experimentId = ?1 and step = ?2 and rung is null and trialId <> ?3",
                                e.id,
                                step,
                                t.id)
                        .stream()
                        .mapToDouble(r -> r.value)
                        .toArray();
        return MedianRule.judge(step, value, others, e.maximize, rule.steps(), rule.trials());
    }

    /**
     * Records the value at every rung the trial reached and has not recorded yet (also rungs it
     * jumped over), judging it at each, lowest first, until one stops it.
     */
    private Optional<String> asha(
            Experiment e, Trial t, long step, double value, EarlyStopping rule) {
        int top = Asha.highestRung(step, rule.steps(), rule.eta());
        if (top < 0) {
            return Optional.empty();
        }
        Map<Integer, List<Double>> byRung = new HashMap<>();
        Set<Integer> mine = new HashSet<>();
        for (IntermediateResult r : list("experimentId = ?1 and rung <= ?2", e.id, top)) {
            byRung.computeIfAbsent(r.rung, k -> new ArrayList<>()).add(r.value);
            if (r.trialId.equals(t.id)) {
                mine.add(r.rung);
            }
        }
        Optional<String> verdict = Optional.empty();
        for (int k = 0; k <= top && verdict.isEmpty(); k++) {
            if (mine.contains(k)) {
                continue;
            }
            persist(IntermediateResult.atRung(t, k, step, value));
            List<Double> competing = byRung.computeIfAbsent(k, x -> new ArrayList<>());
            competing.add(value);
            verdict =
                    Asha.judge(
                            k,
                            step,
                            value,
                            competing.stream().mapToDouble(Double::doubleValue).toArray(),
                            e.maximize,
                            rule.eta());
        }
        return verdict;
    }
}
