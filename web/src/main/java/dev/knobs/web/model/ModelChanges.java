package dev.knobs.web.model;

import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelAccessChanged;
import dev.knobs.web.WakeUps;
import dev.knobs.web.notification.Intake;
import dev.knobs.web.subscription.DeliveryWorker;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;

/**
 * A change of a model's endpoint settings by its owner (access, traffic, scaling, versions,
 * removal): one transaction changes the row and counts the change, then the functions are told;
 * they read the settings from the database and put the endpoint in line (a lost event is found by
 * their reconciler: the change counted is ahead of the one applied).
 */
@ApplicationScoped
public class ModelChanges {
    @Inject Models models;
    @Inject WakeUps wakeUps;
    @Inject Intake intake;
    @Inject DeliveryWorker deliveries;

    /**
     * Applies {@code change} to the owner's model (404 for anyone else's) and tells the functions;
     * answers what {@code change} returned.
     */
    public <T> Uni<T> change(String name, String owner, Function<PublishedModel, Uni<T>> change) {
        return Panache.withTransaction(
                        () ->
                                models.owned(name, owner)
                                        .flatMap(m -> counted(m, change))
                                        .call(
                                                c ->
                                                        intake.take(
                                                                event(c),
                                                                EventCodec.toCloudEvent(event(c)))))
                .invoke(deliveries::signal)
                .call(c -> wakeUps.emit(event(c)))
                .map(Changed::result);
    }

    /**
     * What the change is, as an event: for the functions (by the broker) and for the owner's
     * notifications and subscriptions (taken in with the change itself, so none is lost).
     */
    private static KnobsEvent<ModelAccessChanged> event(Changed<?> c) {
        return new KnobsEvent<>(
                EventIds.modelAccessChanged(c.name(), c.change()),
                EventSources.WEB,
                c.name(),
                new ModelAccessChanged(c.name(), c.owner(), c.change()));
    }

    /** The change applied to {@code m}, and counted. */
    private static <T> Uni<Changed<T>> counted(
            PublishedModel m, Function<PublishedModel, Uni<T>> change) {
        return change.apply(m)
                .map(
                        result -> {
                            m.accessChange++;
                            return new Changed<>(m.name, m.owner, m.accessChange, result);
                        });
    }

    private record Changed<T>(String name, String owner, long change, T result) {}
}
