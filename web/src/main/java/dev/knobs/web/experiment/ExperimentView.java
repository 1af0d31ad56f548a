package dev.knobs.web.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import java.time.Instant;
import java.util.List;

/**
 * An experiment as the API and the page show it. {@code status} is SUBMITTED until the functions
 * take it up. {@code secondObjective} and {@code publishWithin} are set when a second objective is
 * traded against the first (its Pareto front: {@code GET /api/experiments/{id}/pareto-front}); then
 * {@code best} is the trial the publishing rule picks once the experiment ends, the best on the
 * first objective until then.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentView(
        String id,
        String name,
        String status,
        String algorithm,
        String searchAlgorithm,
        List<String> searchSpace,
        Objective objective,
        Objective secondObjective,
        Double publishWithin,
        Budget budget,
        Resources resources,
        EarlyStopping earlyStopping,
        Progress trials,
        Best best,
        String stopReason,
        Model model,
        Instant createdAt,
        Instant finishedAt) {

    /**
     * Trial counts: {@code finished} = succeeded + failed + pruned (stopped early by the rule) +
     * stopped (by the platform: goal reached, time spent, cancelled); {@code waiting}: requested
     * trials held until a slot frees (at most one per slot on one machine).
     */
    public record Progress(
            int budget,
            int requested,
            int running,
            int waiting,
            int finished,
            int succeeded,
            int failed,
            int pruned,
            int stopped) {}

    public record Best(String trialId, double value) {}

    public record Model(String name, String url) {}
}
