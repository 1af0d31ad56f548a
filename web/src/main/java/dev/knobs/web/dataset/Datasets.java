package dev.knobs.web.dataset;

import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.eventing.Json;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The uploaded datasets, each its owner's alone. */
@ApplicationScoped
public class Datasets implements PanacheRepositoryBase<Dataset, String> {

    /**
     * The owner's experiment that still runs (or waits to start) on dataset {@code id}; null when
     * none does.
     */
    public Uni<String> inUse(String id, String owner) {
        return Panache.getSession()
                .chain(
                        s ->
                                s.createSelectionQuery(NOT_ENDED, Submission.class)
                                        .setParameter(1, owner)
                                        .setParameter(2, ENDED)
                                        .getResultList())
                .map(
                        running ->
                                running.stream()
                                        .filter(s -> id.equals(datasetOf(s)))
                                        .map(s -> s.id)
                                        .findFirst()
                                        .orElse(null));
    }

    private static final String NOT_ENDED =
            "from Submission s where s.owner = ?1 and not exists"
                    + " (from Experiment e where e.id = s.id and e.status in ?2)";

    private static final List<ExperimentStatus> ENDED =
            List.of(
                    ExperimentStatus.SUCCEEDED,
                    ExperimentStatus.FAILED,
                    ExperimentStatus.CANCELLED);

    private static String datasetOf(Submission s) {
        ExperimentSpec spec = Json.read(s.payload, ExperimentSpec.class);
        return spec.dataset() == null ? null : spec.dataset().id();
    }

    /** The owner's dataset, or 404 (also for another user's). */
    public Uni<Dataset> owned(String id, String owner) {
        return findById(id)
                .map(
                        d -> {
                            if (d == null || !d.owner.equals(owner)) {
                                throw new NotFoundException("no dataset '" + id + "'");
                            }
                            return d;
                        });
    }
}
