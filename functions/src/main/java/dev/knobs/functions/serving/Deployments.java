package dev.knobs.functions.serving;

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
import dev.knobs.functions.experiment.Experiments;
import dev.knobs.functions.once.ProcessedEvents;
import dev.knobs.functions.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Publishes models: the winner of an experiment (best-selected) or an uploaded model file
 * (model-uploaded). The model is deployed behind its endpoint first (idempotent, outside any
 * transaction), then one transaction records it, marks the event processed and queues {@code
 * model-published}.
 */
@ApplicationScoped
public class Deployments {
    @Inject ProcessedEvents processed;
    @Inject Experiments experiments;
    @Inject Models models;
    @Inject ModelDeployer deployer;
    @Inject Outbox outbox;

    public void onBestSelected(BestSelected best, String key) throws Exception {
        RankedTrial winner = best.leaderboard().get(0);
        String name = best.experimentId();
        if (winner.model() == null) {
            QuarkusTransaction.requiringNew()
                    .run(
                            () -> {
                                if (processed.firstTime(key, "best-selected")) {
                                    succeeded(
                                            best.experimentId(),
                                            best.stopReason()
                                                    + "; the best trial left no model to serve",
                                            null,
                                            null);
                                }
                            });
            return;
        }
        Deployed deployed = deploy(name, null, winner.model());
        QuarkusTransaction.requiringNew()
                .run(
                        () -> {
                            if (processed.firstTime(key, "best-selected")) {
                                record(
                                        name,
                                        best.owner(),
                                        best.experimentId(),
                                        deployed,
                                        winner.model());
                                succeeded(best.experimentId(), null, name, deployed.url());
                            }
                        });
    }

    public void onModelUploaded(ModelUploaded uploaded, String key) throws Exception {
        Deployed deployed = deploy(uploaded.modelName(), uploaded.revision(), uploaded.model());
        QuarkusTransaction.requiringNew()
                .run(
                        () -> {
                            if (processed.firstTime(key, "model-uploaded")) {
                                record(
                                        uploaded.modelName(),
                                        uploaded.owner(),
                                        null,
                                        deployed,
                                        uploaded.model());
                            }
                        });
    }

    /** Marks the experiment succeeded; a new stop reason or model when given. */
    private void succeeded(String experimentId, String stopReason, String model, String url) {
        Experiment e = experiments.findById(experimentId);
        e.status = ExperimentStatus.SUCCEEDED;
        e.finishedAt = Instant.now();
        if (stopReason != null) {
            e.stopReason = stopReason;
        }
        if (model != null) {
            e.modelName = model;
            e.modelUrl = url;
        }
    }

    /**
     * Puts the endpoint of {@code name} in line with its owner's current access setting (from the
     * database, not the event: a late, older change then cannot undo a newer one). Idempotent.
     */
    public void onAccessChanged(ModelAccessChanged change) throws Exception {
        PublishedModel m =
                QuarkusTransaction.requiringNew().call(() -> models.findById(change.modelName()));
        if (m == null) {
            return;
        }
        if (m.accessChange < change.change()) {
            // the front emits before its transaction commits: try again
            throw new IllegalStateException(
                    "access change " + change.change() + " of " + m.name + " is not recorded yet");
        }
        deployer.restrict(m.name, m.tokenSha256);
    }

    /** A revision served at a URL. */
    private record Deployed(int revision, String url) {}

    /**
     * Serves {@code model} as {@code name}: as {@code revision}, or (null) as the one after the
     * current one; a new revision keeps the model's access setting.
     */
    private Deployed deploy(String name, Integer revision, ModelRef model) throws Exception {
        PublishedModel m = QuarkusTransaction.requiringNew().call(() -> models.findById(name));
        int r = revision != null ? revision : m == null ? 1 : m.revision + 1;
        String token = m == null ? null : m.tokenSha256;
        return new Deployed(r, deployer.deploy(name, r, model, token));
    }

    private void record(
            String name, String owner, String experimentId, Deployed deployed, ModelRef model) {
        PublishedModel existing = models.findById(name);
        PublishedModel m = existing == null ? new PublishedModel() : existing;
        m.name = name;
        m.owner = owner;
        m.experimentId = experimentId;
        m.revision = deployed.revision();
        m.url = deployed.url();
        m.artifactUrl = model.url();
        m.format = model.format();
        m.publishedAt = Instant.now();
        if (existing == null) {
            models.persist(m);
        }
        ModelPublished published =
                new ModelPublished(
                        name, owner, experimentId, deployed.revision(), deployed.url(), model);
        outbox.add(
                new KnobsEvent<>(
                        EventIds.modelPublished(name, deployed.revision()),
                        EventSources.FUNCTIONS,
                        name,
                        published));
    }
}
