package dev.knobs.functions.serving;

import dev.knobs.domain.experiment.ModelRevision;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.payload.ModelRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Puts a model's endpoint in line with the database: the versions served (every revision served and
 * not retired), the primary and the canary, the access and the scaling its owner set, or its
 * removal. The database is the authority; this reads it afresh each time, so a late or repeated
 * event changes nothing, and records which settings change it applied.
 */
@ApplicationScoped
public class ModelEndpoints {
    private static final Logger LOG = Logger.getLogger(ModelEndpoints.class);

    @Inject Models models;
    @Inject Revisions revisions;
    @Inject ModelDeployer deployer;

    /** What the endpoint of a model should serve, from its row and its served revisions. */
    public static ModelDeployer.Serving desired(PublishedModel m, List<ModelRevision> served) {
        List<ModelDeployer.Version> versions = versions(served);
        boolean canary =
                m.canaryRevision != null
                        && m.canaryRevision != m.revision
                        && served.stream().anyMatch(r -> r.revision == m.canaryRevision);
        return new ModelDeployer.Serving(
                m.name,
                versions,
                m.revision,
                canary ? m.canaryRevision : null,
                canary ? m.canaryPercent : 0,
                m.tokenSha256,
                scaling(m));
    }

    /** The versions of served revisions, in their order. */
    public static List<ModelDeployer.Version> versions(List<ModelRevision> served) {
        List<ModelDeployer.Version> versions = new ArrayList<>();
        for (ModelRevision r : served) {
            versions.add(
                    new ModelDeployer.Version(r.revision, new ModelRef(r.artifactUrl, r.format)));
        }
        return versions;
    }

    public static ModelDeployer.Scaling scaling(PublishedModel m) {
        return new ModelDeployer.Scaling(
                m.minScale, m.maxScale, m.targetConcurrency, m.scaleDownDelaySeconds);
    }

    /** The served, not retired, revisions of a model, oldest first. In a transaction. */
    public List<ModelRevision> served(String name) {
        return revisions.list(
                "name = ?1 and state = ?2 order by revision", name, ModelRevision.State.SERVED);
    }

    /**
     * Applies the owner's settings of {@code name} to its endpoint (or takes it down), then records
     * the change applied. Idempotent; outside any transaction.
     */
    public void reconcile(String name) throws Exception {
        record Snapshot(PublishedModel model, List<ModelRevision> served) {}
        Snapshot now =
                QuarkusTransaction.requiringNew()
                        .call(
                                () -> {
                                    PublishedModel m = models.findById(name);
                                    return m == null ? null : new Snapshot(m, served(name));
                                });
        if (now == null) {
            return;
        }
        PublishedModel m = now.model();
        long change = m.accessChange;
        if (m.removing) {
            deployer.remove(name);
            QuarkusTransaction.requiringNew().run(() -> forget(name));
            LOG.infof("model %s is no longer served", name);
            return;
        }
        if (now.served().stream().noneMatch(r -> r.revision == m.revision)) {
            // nothing of it is served yet (its first version is still deploying)
            return;
        }
        deployer.apply(desired(m, now.served()));
        List<String> urls = new ArrayList<>();
        for (ModelRevision r : now.served()) {
            urls.add(deployer.versionUrl(name, r.revision));
        }
        QuarkusTransaction.requiringNew()
                .run(
                        () -> {
                            PublishedModel row = models.findById(name);
                            if (row != null && row.accessApplied < change) {
                                row.accessApplied = change;
                            }
                            for (int i = 0; i < now.served().size(); i++) {
                                ModelRevision r = revisions.findById(now.served().get(i).id);
                                if (r != null) {
                                    r.url = urls.get(i);
                                }
                            }
                        });
    }

    /** A removed model's rows: its name is free again; uploads and files stay as history. */
    private void forget(String name) {
        PublishedModel m = models.findById(name);
        if (m != null && m.removing) {
            revisions.delete("name", name);
            models.delete(m);
        }
    }
}
