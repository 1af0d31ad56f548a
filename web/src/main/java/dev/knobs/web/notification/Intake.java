package dev.knobs.web.notification;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ProcessedEvent;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.web.subscription.FanOut;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Takes in one event for an owner, inside the caller's transaction, once ({@code front:} + its
 * source and id): the owner is the one the database names for the experiment or model, never the
 * event's word; the event becomes a notification (where the centre shows one) and is queued for
 * each of the owner's subscriptions that takes it. The broker's deliveries come here, and so do the
 * events the front makes itself, with the change that caused them (the broker's copy then changes
 * nothing).
 */
@ApplicationScoped
public class Intake {
    private static final Logger LOG = Logger.getLogger(Intake.class);

    @Inject FanOut fanOut;

    /** Yields how many deliveries it queued. */
    public Uni<Integer> take(KnobsEvent<?> event, CloudEvent ce) {
        String key = ProcessedEvent.key(event.source(), event.id());
        FanOut.About about = FanOut.About.of(event.data());
        String marker = "front:" + key;
        return Panache.getSession()
                .chain(s -> s.find(ProcessedEvent.class, marker))
                .chain(
                        seen ->
                                seen != null
                                        ? Uni.createFrom().item(0)
                                        : first(marker, key, event, ce, about));
    }

    private Uni<Integer> first(
            String marker, String key, KnobsEvent<?> event, CloudEvent ce, FanOut.About about) {
        return mark(marker, event)
                .chain(() -> owner(about))
                .chain(
                        owner ->
                                owner == null
                                        ? Uni.createFrom().item(0)
                                        : notify(owner, key, event)
                                                .chain(() -> fanOut.queue(owner, key, ce, about)));
    }

    private static Uni<Void> mark(String marker, KnobsEvent<?> event) {
        ProcessedEvent p = new ProcessedEvent();
        p.key = marker;
        p.type = event.type().shortName();
        p.processedAt = Instant.now();
        return Panache.getSession().chain(s -> s.persist(p));
    }

    /** The owner the database names: the experiment's, else the model's; null when neither. */
    private static Uni<String> owner(FanOut.About about) {
        return experimentOwner(about.experimentId())
                .chain(o -> o != null ? Uni.createFrom().item(o) : modelOwner(about.modelName()))
                .invoke(
                        o -> {
                            if (o == null) {
                                LOG.warnf(
                                        "an event about %s names nothing the database has", about);
                            }
                        });
    }

    private static Uni<String> experimentOwner(String id) {
        return id == null
                ? Uni.createFrom().nullItem()
                : Panache.getSession()
                        .chain(s -> s.find(Experiment.class, id))
                        .map(e -> e == null ? null : e.owner);
    }

    private static Uni<String> modelOwner(String name) {
        return name == null
                ? Uni.createFrom().nullItem()
                : Panache.getSession()
                        .chain(s -> s.find(PublishedModel.class, name))
                        .map(m -> m == null ? null : m.owner);
    }

    private static Uni<Void> notify(String owner, String key, KnobsEvent<?> event) {
        Notices.Notice notice = Notices.of(event);
        if (notice == null) {
            return Uni.createFrom().voidItem();
        }
        Notification n = new Notification();
        n.id = UUID.randomUUID().toString();
        n.eventKey = key;
        n.owner = owner;
        n.type = event.type().shortName();
        n.message = notice.message();
        n.url = notice.url();
        n.experimentId = notice.experimentId();
        n.createdAt = Instant.now();
        return n.persist().replaceWithVoid();
    }
}
