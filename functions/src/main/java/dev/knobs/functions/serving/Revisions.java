package dev.knobs.functions.serving;

import dev.knobs.domain.experiment.ModelRevision;
import dev.knobs.domain.experiment.PublishedModel;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Model revisions, numbered here and nowhere else ({@link ModelRevision#next}): a publication
 * reserves its revision once (by its {@code source}: the same publication always finds the same
 * revision), under the model's row lock, and only its owner may add revisions to a name.
 */
@ApplicationScoped
public class Revisions implements PanacheRepositoryBase<ModelRevision, String> {
    @Inject Models models;

    /** What to deploy: a revision of a model, or why not. */
    public record Reservation(ModelRevision revision, String refusal) {}

    /**
     * The revision of {@code name} that {@code source} publishes: found, or numbered next. Refused
     * when another user owns the name.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Reservation reserve(
            String name,
            String source,
            String owner,
            String artifactUrl,
            String format,
            String experimentId) {
        ModelRevision known = find("source", source).firstResult();
        if (known != null) {
            return new Reservation(known, null);
        }
        PublishedModel current = models.findById(name, LockModeType.PESSIMISTIC_WRITE);
        ModelRevision earlier = find("name = ?1 order by revision", name).firstResult();
        String holder = current != null ? current.owner : earlier != null ? earlier.owner : null;
        if (holder != null && !holder.equals(owner)) {
            return new Reservation(null, "the model name '" + name + "' belongs to another user");
        }
        Integer highest =
                getEntityManager()
                        .createQuery(
                                "select max(r.revision) from ModelRevision r where r.name = ?1",
                                Integer.class)
                        .setParameter(1, name)
                        .getSingleResult();
        ModelRevision r = new ModelRevision();
        r.revision = ModelRevision.next(highest);
        r.id = ModelRevision.id(name, r.revision);
        r.name = name;
        r.owner = owner;
        r.source = source;
        r.experimentId = experimentId;
        r.artifactUrl = artifactUrl;
        r.format = format;
        r.state = ModelRevision.State.DEPLOYING;
        r.createdAt = Instant.now();
        persist(r);
        return new Reservation(r, null);
    }
}
