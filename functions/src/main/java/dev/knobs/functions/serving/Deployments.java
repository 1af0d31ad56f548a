package dev.knobs.functions.serving;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.ModelRevision;
import dev.knobs.domain.experiment.ModelUpload;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.BestSelected;
import dev.knobs.eventing.payload.ModelAccessChanged;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.ModelUploaded;
import dev.knobs.functions.experiment.Experiments;
import dev.knobs.functions.experiment.Trials;
import dev.knobs.functions.news.News;
import dev.knobs.functions.once.ProcessedEvents;
import dev.knobs.functions.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Publishes models: the winner of an experiment (best-selected) or an uploaded file
 * (model-uploaded). What to publish and whose it is come from the database (the experiment's best
 * trial, the stored upload), never from the event. A redelivered event is recognised before
 * anything is deployed; otherwise one transaction reserves the revision ({@link Revisions}), the
 * model is deployed outside any transaction (idempotent), and one transaction records it, marks the
 * event processed and queues {@code model-published}. A winner that cannot be deployed is retried
 * by the broker; after {@value #ATTEMPTS} failures the experiment fails with the reason.
 */
@ApplicationScoped
public class Deployments {
    private static final Logger LOG = Logger.getLogger(Deployments.class);

    /** Failed deployments of a winner before its experiment fails. */
    static final int ATTEMPTS = 5;

    @Inject ProcessedEvents processed;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject Models models;
    @Inject Revisions revisions;
    @Inject ModelDeployer deployer;
    @Inject ModelEndpoints endpoints;
    @Inject Outbox outbox;
    @Inject News news;

    /** What to publish for an event: a reserved revision, or the reason there is none. */
    private record Plan(ModelRevision revision, String refusal) {}

    public void onBestSelected(BestSelected best, String key) throws Exception {
        if (processed.seen(key)) {
            return;
        }
        String id = best.experimentId();
        Plan plan = QuarkusTransaction.requiringNew().call(() -> planBest(id));
        if (plan == null) {
            return;
        }
        if (plan.revision() == null) {
            QuarkusTransaction.requiringNew()
                    .run(() -> once(key, "best-selected", () -> ended(id, plan.refusal())));
            return;
        }
        Deployed endpoint;
        try {
            endpoint = deploy(plan.revision());
        } catch (Exception e) {
            if (QuarkusTransaction.requiringNew().call(() -> failedAttempt(id, key, e))) {
                return;
            }
            throw e;
        }
        QuarkusTransaction.requiringNew()
                .run(
                        () ->
                                once(
                                        key,
                                        "best-selected",
                                        () -> {
                                            record(plan.revision(), endpoint);
                                            served(
                                                    id,
                                                    plan.revision().name,
                                                    endpoint.endpoint().url());
                                        }));
    }

    /**
     * The experiment's best trial's model, from the database; null when there is nothing to do (no
     * such experiment, or it is not publishing).
     */
    private Plan planBest(String experimentId) {
        Experiment e = experiments.findById(experimentId);
        if (e == null || e.status != ExperimentStatus.PUBLISHING) {
            return null;
        }
        Trial best = e.bestTrialId == null ? null : trials.findById(e.bestTrialId);
        if (best == null || best.modelUrl == null) {
            return new Plan(null, "the best trial left no model to serve");
        }
        if (servesAlready(e, best)) {
            return new Plan(
                    null,
                    "the best trial is still trial "
                            + best.number
                            + ", whose model stays served at "
                            + e.modelUrl);
        }
        Revisions.Reservation r =
                revisions.reserve(e.id, source(e), e.owner, best.modelUrl, best.modelFormat, e.id);
        return new Plan(r.revision(), r.refusal());
    }

    /**
     * After an extension: the model the experiment published serves the best trial's model still
     * (the new trials did no better), so no new version is made.
     */
    private boolean servesAlready(Experiment e, Trial best) {
        if (e.extensions == 0 || e.modelName == null) {
            return false;
        }
        PublishedModel m = models.findById(e.modelName);
        return m != null
                && !m.removing
                && m.owner.equals(e.owner)
                && revisions.count(
                                "name = ?1 and artifactUrl = ?2 and state = ?3",
                                e.modelName,
                                best.modelUrl,
                                ModelRevision.State.SERVED)
                        > 0;
    }

    /** What publishes each run's winner (its first, each extension's): one revision each. */
    private static String source(Experiment e) {
        return "best:" + EventIds.run(e.id, e.extensions);
    }

    /** A failed deployment of a winner: true once it failed too often and the experiment ended. */
    private boolean failedAttempt(String experimentId, String key, Exception failure) {
        Experiment e = experiments.locked(experimentId);
        if (e == null || e.status != ExperimentStatus.PUBLISHING) {
            return true;
        }
        e.publishAttempts++;
        LOG.warnf(
                "deploying the best model of %s failed (%d of %d): %s",
                experimentId, e.publishAttempts, ATTEMPTS, failure.toString());
        if (e.publishAttempts < ATTEMPTS || !processed.firstTime(key, "best-selected")) {
            return false;
        }
        e.status = ExperimentStatus.FAILED;
        e.finishedAt = Instant.now();
        e.stopReason =
                e.stopReason
                        + "; the best model could not be served after "
                        + ATTEMPTS
                        + " tries: "
                        + failure.getMessage();
        revisions
                .find("source", source(e))
                .firstResultOptional()
                .ifPresent(
                        r -> {
                            fail(r, failure.getMessage());
                            news.publicationFailed(
                                    r.name, e.owner, e.id, r.revision, failure.getMessage());
                        });
        news.experimentFinished(e);
        return true;
    }

    /** Ends a publishing experiment without a model: it succeeded, and says why nothing serves. */
    private void ended(String experimentId, String why) {
        Experiment e = experiments.findById(experimentId);
        if (e != null && e.status == ExperimentStatus.PUBLISHING) {
            e.status = ExperimentStatus.SUCCEEDED;
            e.finishedAt = Instant.now();
            e.stopReason = e.stopReason + "; " + why;
            news.experimentFinished(e);
        }
    }

    private void served(String experimentId, String model, String url) {
        Experiment e = experiments.findById(experimentId);
        e.status = ExperimentStatus.SUCCEEDED;
        e.finishedAt = Instant.now();
        e.modelName = model;
        e.modelUrl = url;
        news.experimentFinished(e);
    }

    public void onModelUploaded(ModelUploaded uploaded, String key) throws Exception {
        if (processed.seen(key)) {
            return;
        }
        Plan plan = QuarkusTransaction.requiringNew().call(() -> planUpload(uploaded.uploadId()));
        if (plan == null || plan.revision() == null) {
            if (plan != null) {
                LOG.warnf("upload %s not served: %s", uploaded.uploadId(), plan.refusal());
            }
            QuarkusTransaction.requiringNew().run(() -> once(key, "model-uploaded", () -> {}));
            return;
        }
        Deployed endpoint = deploy(plan.revision());
        QuarkusTransaction.requiringNew()
                .run(() -> once(key, "model-uploaded", () -> record(plan.revision(), endpoint)));
    }

    /** The stored upload's revision; null when nobody uploaded it. */
    private Plan planUpload(String uploadId) {
        ModelUpload up =
                uploadId == null
                        ? null
                        : models.getEntityManager().find(ModelUpload.class, uploadId);
        if (up == null) {
            return null;
        }
        Revisions.Reservation r =
                revisions.reserve(
                        up.name, "upload:" + up.id, up.owner, up.artifactUrl, up.format, null);
        if (r.refusal() != null) {
            return new Plan(null, r.refusal());
        }
        return new Plan(r.revision(), null);
    }

    private void once(String key, String type, Runnable work) {
        if (processed.firstTime(key, type)) {
            work.run();
        }
    }

    private static void fail(ModelRevision r, String why) {
        r.state = ModelRevision.State.FAILED;
        r.reason = why;
    }

    /**
     * Puts the endpoint of {@code name} in line with its owner's current settings (from the
     * database, not the event: a late, older change then cannot undo a newer one). Idempotent.
     */
    public void onAccessChanged(ModelAccessChanged change) throws Exception {
        PublishedModel m =
                QuarkusTransaction.requiringNew().call(() -> models.findById(change.modelName()));
        if (m == null) {
            return;
        }
        if (m.accessChange < change.change()) {
            // the event arrived before the front's transaction committed: try again
            throw new IllegalStateException(
                    "settings change "
                            + change.change()
                            + " of "
                            + m.name
                            + " is not recorded yet");
        }
        endpoints.reconcile(m.name);
    }

    /** What serving a reserved revision looks like: it joins the model's served versions. */
    private ModelDeployer.Serving withRevision(ModelRevision r) {
        PublishedModel m = models.findById(r.name);
        List<ModelRevision> served = new ArrayList<>(endpoints.served(r.name));
        boolean primary = newest(r, served);
        served.removeIf(x -> x.revision == r.revision);
        served.add(r);
        served.sort(Comparator.comparingInt(x -> x.revision));
        if (m == null) {
            return new ModelDeployer.Serving(
                    r.name,
                    ModelEndpoints.versions(served),
                    r.revision,
                    null,
                    0,
                    null,
                    ModelDeployer.Scaling.DEFAULT);
        }
        ModelDeployer.Serving now = ModelEndpoints.desired(m, served);
        return primary
                ? new ModelDeployer.Serving(
                        r.name,
                        now.versions(),
                        r.revision,
                        null,
                        0,
                        now.tokenSha256(),
                        now.scaling())
                : now;
    }

    /** A new publication takes the traffic unless a newer version is served already. */
    private static boolean newest(ModelRevision r, List<ModelRevision> served) {
        return served.stream().allMatch(x -> x.revision <= r.revision);
    }

    /** Serves a reserved revision beside the model's other versions. Outside any transaction. */
    private Deployed deploy(ModelRevision r) throws Exception {
        ModelDeployer.Serving serving =
                QuarkusTransaction.requiringNew().call(() -> withRevision(r));
        ModelDeployer.Endpoint endpoint = deployer.apply(serving);
        return new Deployed(endpoint, deployer.versionUrl(r.name, r.revision));
    }

    /** Where a deployed revision answers: the model's endpoint, and the version's own URL. */
    private record Deployed(ModelDeployer.Endpoint endpoint, String versionUrl) {}

    /**
     * The revision is served: the model points at it unless a newer one already serves (a late,
     * older one stays callable by its version).
     */
    private void record(ModelRevision reserved, Deployed deployed) {
        ModelRevision r = revisions.findById(reserved.id);
        PublishedModel m = models.findById(r.name);
        boolean primary = m == null || newest(r, endpoints.served(r.name));
        r.state = ModelRevision.State.SERVED;
        r.servedAt = Instant.now();
        r.url = deployed.versionUrl();
        boolean first = m == null;
        if (first) {
            m = new PublishedModel();
            m.name = r.name;
            m.owner = r.owner;
        } else if (!primary) {
            return;
        }
        ModelDeployer.Endpoint endpoint = deployed.endpoint();
        m.experimentId = r.experimentId;
        m.revision = r.revision;
        m.canaryRevision = null;
        m.canaryPercent = 0;
        m.url = endpoint.url();
        m.internalUrl = endpoint.internalUrl();
        m.artifactUrl = r.artifactUrl;
        m.format = r.format;
        m.publishedAt = r.servedAt;
        if (first) {
            models.persist(m);
        }
        ModelRef model = new ModelRef(r.artifactUrl, r.format);
        ModelPublished published =
                new ModelPublished(
                        r.name, r.owner, r.experimentId, r.revision, endpoint.url(), model);
        outbox.add(
                new KnobsEvent<>(
                        EventIds.modelPublished(r.name, r.revision),
                        EventSources.FUNCTIONS,
                        r.name,
                        published));
    }
}
