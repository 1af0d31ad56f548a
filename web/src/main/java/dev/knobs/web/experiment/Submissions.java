package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.Submission;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What people submitted: the front writes one row per experiment, the owner's authority. */
@ApplicationScoped
public class Submissions implements PanacheRepositoryBase<Submission, String> {

    /** The owner's submission, or 404 (also for another user's). */
    public Uni<Submission> owned(String id, String owner) {
        return findById(id)
                .map(
                        s -> {
                            if (s == null || !s.owner.equals(owner)) {
                                throw new NotFoundException("no experiment '" + id + "'");
                            }
                            return s;
                        });
    }
}
