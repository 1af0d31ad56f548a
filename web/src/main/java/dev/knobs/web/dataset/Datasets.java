package dev.knobs.web.dataset;

import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The uploaded datasets, each its owner's alone. */
@ApplicationScoped
public class Datasets implements PanacheRepositoryBase<Dataset, String> {

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
