package dev.knobs.functions.experiment;

import dev.knobs.domain.Blocking;
import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.BestSelected;
import dev.knobs.eventing.payload.ModelAccessChanged;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.ModelUploaded;
import dev.knobs.eventing.payload.RankedTrial;
import dev.knobs.functions.outbox.Outbox;
import dev.knobs.functions.serving.ModelPublisher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Publishes models: the winner of an experiment (best-selected) or an uploaded model file
 * (model-uploaded). The model is put behind its endpoint first (idempotent), then the transaction
 * records it, marks the event processed and queues {@code model-published}.
 */
@ApplicationScoped
public class PublicationService {
    @Inject ExperimentService experiments;
    @Inject ModelPublisher publisher;
    @Inject Outbox outbox;

    public Uni<Void> onBestSelected(BestSelected best, String key) {
        RankedTrial winner = best.leaderboard().get(0);
        String name = best.experimentId();
        if (winner.model() == null) {
            return experiments.once(
                    key,
                    "best-selected",
                    null,
                    () ->
                            succeeded(
                                    best.experimentId(),
                                    e ->
                                            e.stopReason =
                                                    best.stopReason()
                                                            + "; the best trial left no model to serve"));
        }
        return publish(name, null, winner.model())
                .flatMap(
                        published ->
                                experiments.once(
                                        key,
                                        "best-selected",
                                        null,
                                        () ->
                                                record(
                                                                name,
                                                                best.owner(),
                                                                best.experimentId(),
                                                                published.revision(),
                                                                published.url(),
                                                                winner.model())
                                                        .chain(
                                                                () ->
                                                                        succeeded(
                                                                                best.experimentId(),
                                                                                e -> {
                                                                                    e.modelName =
                                                                                            name;
                                                                                    e.modelUrl =
                                                                                            published
                                                                                                    .url();
                                                                                }))));
    }

    public Uni<Void> onModelUploaded(ModelUploaded uploaded, String key) {
        return publish(uploaded.modelName(), uploaded.revision(), uploaded.model())
                .flatMap(
                        published ->
                                experiments.once(
                                        key,
                                        "model-uploaded",
                                        null,
                                        () ->
                                                record(
                                                        uploaded.modelName(),
                                                        uploaded.owner(),
                                                        null,
                                                        uploaded.revision(),
                                                        published.url(),
                                                        uploaded.model())));
    }

    /** Marks the experiment succeeded, with whatever else {@code also} records. */
    private static Uni<Void> succeeded(String experimentId, Consumer<Experiment> also) {
        return Experiment.<Experiment>findById(experimentId)
                .invoke(
                        e -> {
                            e.status = ExperimentStatus.SUCCEEDED;
                            e.finishedAt = Instant.now();
                            also.accept(e);
                        })
                .replaceWithVoid();
    }

    /**
     * Puts the endpoint of {@code name} in line with its owner's current access setting (from the
     * database, not the event: a late, older change then cannot undo a newer one). Idempotent.
     */
    public Uni<Void> onAccessChanged(ModelAccessChanged change) {
        return Panache.withSession(
                        () -> PublishedModel.<PublishedModel>findById(change.modelName()))
                .flatMap(
                        m -> {
                            if (m == null) {
                                return Uni.createFrom().voidItem();
                            }
                            if (m.accessChange < change.change()) {
                                // the front publishes before its transaction commits: try again
                                return Uni.createFrom()
                                        .failure(
                                                new IllegalStateException(
                                                        "access change "
                                                                + change.change()
                                                                + " of "
                                                                + m.name
                                                                + " is not recorded yet"));
                            }
                            return Blocking.call(() -> publisher.restrict(m.name, m.tokenSha256))
                                    .replaceWithVoid();
                        });
    }

    /** A revision served at a URL. */
    private record Published(int revision, String url) {}

    /**
     * Serves {@code model} as {@code name}: as {@code revision}, or (null) as the one after the
     * current one; a new revision keeps the model's access setting. One read of the model's row.
     */
    private Uni<Published> publish(String name, Integer revision, ModelRef model) {
        return Panache.withSession(() -> PublishedModel.<PublishedModel>findById(name))
                .flatMap(
                        m -> {
                            int r = revision != null ? revision : m == null ? 1 : m.revision + 1;
                            String token = m == null ? null : m.tokenSha256;
                            return Blocking.call(
                                    () ->
                                            new Published(
                                                    r, publisher.publish(name, r, model, token)));
                        });
    }

    private Uni<Void> record(
            String name,
            String owner,
            String experimentId,
            int revision,
            String url,
            ModelRef model) {
        return PublishedModel.<PublishedModel>findById(name)
                .flatMap(
                        existing -> {
                            PublishedModel m = existing == null ? new PublishedModel() : existing;
                            m.name = name;
                            m.owner = owner;
                            m.experimentId = experimentId;
                            m.revision = revision;
                            m.url = url;
                            m.artifactUrl = model.url();
                            m.format = model.format();
                            m.publishedAt = Instant.now();
                            ModelPublished published =
                                    new ModelPublished(
                                            name, owner, experimentId, revision, url, model);
                            Uni<?> saved =
                                    existing == null ? m.persist() : Uni.createFrom().item(m);
                            return saved.chain(
                                    () ->
                                            outbox.add(
                                                    new KnobsEvent<>(
                                                            EventIds.modelPublished(name, revision),
                                                            EventSources.FUNCTIONS,
                                                            name,
                                                            published)));
                        });
    }
}
