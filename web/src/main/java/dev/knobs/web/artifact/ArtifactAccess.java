package dev.knobs.web.artifact;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.web.account.Machines;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which artifacts a machine may read or write, decided from the database: a trial reads its own
 * experiment's dataset and trainer archive and writes its own model, while its attempt runs; a
 * model server reads its own model's files; a platform part reads anything.
 */
@ApplicationScoped
public class ArtifactAccess {

    /**
     * Why {@code identity} may not {@code write} (or read) artifact {@code kind/id}; null when it
     * may.
     */
    public Uni<String> refusal(
            SecurityIdentity identity, ArtifactStore.Kind kind, String id, boolean write) {
        if (identity.hasRole(Machines.PLATFORM)) {
            return answer(write ? "the platform does not write artifacts through this API" : null);
        }
        if (identity.hasRole(Machines.MODEL_SERVER)) {
            String model = identity.getAttribute(Machines.MODEL);
            return write || kind != ArtifactStore.Kind.MODELS
                    ? answer("a model server reads its own model's files only")
                    : Panache.withSession(() -> servesFile(model, id))
                            .map(ok -> ok ? null : "model " + model + " has no file " + id);
        }
        if (identity.hasRole(Machines.TRIAL)) {
            Credentials.TrialClaim claim = identity.getAttribute(Machines.TRIAL_CLAIM);
            return Panache.withSession(() -> trialRefusal(claim, kind, id, write));
        }
        return answer("only trials, model servers and the platform use the artifact API");
    }

    private static Uni<String> answer(String refusal) {
        return Uni.createFrom().item(refusal);
    }

    /** Whether a revision of {@code model} is the file {@code id} (compared exactly, no LIKE). */
    private static Uni<Boolean> servesFile(String model, String id) {
        String file = "/models/" + id;
        return Panache.getSession()
                .chain(
                        s ->
                                s.createSelectionQuery(
                                                "select r.artifactUrl from ModelRevision r where"
                                                        + " r.name = ?1",
                                                String.class)
                                        .setParameter(1, model)
                                        .getResultList())
                .map(urls -> urls.stream().anyMatch(u -> u.endsWith(file)));
    }

    private static Uni<String> trialRefusal(
            Credentials.TrialClaim claim, ArtifactStore.Kind kind, String id, boolean write) {
        return Panache.getSession()
                .chain(s -> s.find(Trial.class, claim.trialId()))
                .chain(
                        t -> {
                            if (t == null || t.state.finished() || t.attempt != claim.attempt()) {
                                return answer(
                                        "trial "
                                                + claim.trialId()
                                                + " (attempt "
                                                + claim.attempt()
                                                + ") is not running: its credential ended with it");
                            }
                            return Panache.getSession()
                                    .chain(s -> s.find(Experiment.class, t.experimentId))
                                    .map(e -> owns(t, e, kind, id, write));
                        });
    }

    /** What a running trial may touch: its dataset and trainer (read), its model (write). */
    private static String owns(
            Trial t, Experiment e, ArtifactStore.Kind kind, String id, boolean write) {
        if (kind == ArtifactStore.Kind.MODELS) {
            return id.equals(t.id) ? null : "a trial writes and reads its own model only";
        }
        if (write) {
            return "a trial writes its own model only";
        }
        ExperimentSpec spec = Json.read(e.spec, ExperimentSpec.class);
        String mine =
                kind == ArtifactStore.Kind.DATASETS
                        ? spec.dataset() == null ? null : spec.dataset().id()
                        : spec.trainer() == null || spec.trainer().archiveUrl() == null
                                ? null
                                : last(spec.trainer().archiveUrl());
        return id.equals(mine)
                ? null
                : "a trial reads its own experiment's " + kind.folder() + " only";
    }

    private static String last(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
