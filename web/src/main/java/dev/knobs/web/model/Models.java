package dev.knobs.web.model;

import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Published models as the front reads them; it writes only their owner's settings (access, traffic,
 * scaling, removal), through {@link ModelChanges}.
 */
@ApplicationScoped
public class Models implements PanacheRepositoryBase<PublishedModel, String> {

    /** The owner's model, or 404 (also for another user's). */
    public Uni<PublishedModel> owned(String name, String owner) {
        return findById(name)
                .map(
                        m -> {
                            if (m == null || !m.owner.equals(owner)) {
                                throw new NotFoundException("no model '" + name + "'");
                            }
                            return m;
                        });
    }
}
