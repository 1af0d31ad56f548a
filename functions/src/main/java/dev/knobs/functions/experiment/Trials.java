package dev.knobs.functions.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.Leaderboard;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Trial rows, written by the functions. */
@ApplicationScoped
public class Trials implements PanacheRepositoryBase<Trial, String> {

    public List<Trial> of(String experimentId) {
        return list("experimentId = ?1 order by number", experimentId);
    }

    /** The experiment's requested and running trials. */
    public List<Trial> unfinished(String experimentId) {
        return list(
                "experimentId = ?1 and state in ?2 order by number",
                experimentId,
                List.of(TrialState.REQUESTED, TrialState.RUNNING));
    }

    /**
     * The best {@code size} succeeded trials ({@link Leaderboard}); with two objectives the one the
     * publishing rule picks first.
     */
    public List<Trial> leaderboard(Experiment e, int size) {
        ExperimentSpec spec = Experiments.spec(e);
        var query = find(Leaderboard.query(e.maximize), Leaderboard.parameters(e.id));
        return spec.twoObjectives()
                ? Leaderboard.ordered(query.list(), spec, size)
                : query.page(0, size).list();
    }
}
