package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.Leaderboard;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.Json;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Trial rows as the front reads them. */
@ApplicationScoped
public class Trials implements PanacheRepositoryBase<Trial, String> {

    public Uni<List<Trial>> of(String experimentId) {
        return list("experimentId = ?1 order by number", experimentId);
    }

    public Uni<List<Trial>> succeeded(String experimentId) {
        return list(
                "experimentId = ?1 and state = ?2 order by number",
                experimentId,
                TrialState.SUCCEEDED);
    }

    /**
     * The best {@code limit} succeeded trials ({@link Leaderboard}); with two objectives the one
     * the publishing rule picks first.
     */
    public Uni<List<Trial>> leaderboard(Experiment e, int limit) {
        ExperimentSpec spec = Json.read(e.spec, ExperimentSpec.class);
        var query = find(Leaderboard.query(e.maximize), Leaderboard.parameters(e.id));
        return spec.twoObjectives()
                ? query.list().map(all -> Leaderboard.ordered(all, spec, limit))
                : query.page(0, limit).list();
    }
}
