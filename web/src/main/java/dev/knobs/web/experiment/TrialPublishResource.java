package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.ModelUpload;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelUploaded;
import dev.knobs.web.Ids;
import dev.knobs.web.Owners;
import dev.knobs.web.WakeUps;
import dev.knobs.web.error.ConflictException;
import dev.knobs.web.error.NotFoundException;
import dev.knobs.web.model.Models;
import dev.knobs.web.model.Uploads;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The owner picks which trial's model is served: any succeeded trial of an experiment that has
 * published its model — on a Pareto front, the trade-off she prefers to the rule's pick. The
 * trial's model becomes a new version of the experiment's model (its versions keep the earlier
 * ones, to roll back to), through the same path as an uploaded model: the front records the upload
 * (the functions' authority), then wakes the functions.
 */
@Path("/api/experiments/{id}/trials/{trial}/publish")
@Tag(name = "experiments", description = "Experiments: submit, follow, rank, cancel")
public class TrialPublishResource {
    @Inject Submissions submissions;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject Models models;
    @Inject Uploads uploads;
    @Inject Owners owners;
    @Inject WakeUps wakeUps;

    /** What was asked for: this trial's model, as the next version of {@code model}. */
    public record Publishing(String experimentId, int trial, String model, String uploadId) {}

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Serve this trial's model instead: a new version of the experiment's model",
            description =
                    "202 while it is deployed (follow it at /api/models/{name}/versions). 409"
                            + " until the experiment has published its model, or when this trial's"
                            + " model is already the one served; 400 for a trial without a model.")
    public Uni<Response> publish(@PathParam("id") String id, @PathParam("trial") String trialId) {
        String owner = owners.current();
        return Panache.withTransaction(
                        () ->
                                submissions
                                        .owned(id, owner)
                                        .flatMap(s -> experiments.findById(id))
                                        .flatMap(
                                                e ->
                                                        trials.findById(trialId)
                                                                .flatMap(
                                                                        t ->
                                                                                record(
                                                                                        e, t, id,
                                                                                        trialId,
                                                                                        owner))))
                .call(
                        p ->
                                wakeUps.emit(
                                        new KnobsEvent<>(
                                                EventIds.modelUploaded(p.model(), p.uploadId()),
                                                EventSources.WEB,
                                                p.model(),
                                                new ModelUploaded(p.uploadId(), p.model(), owner))))
                .map(
                        p ->
                                Response.accepted(p)
                                        .location(URI.create("/api/models/" + p.model()))
                                        .build());
    }

    /** Checks the experiment, the trial and the model, then records the upload. */
    private Uni<Publishing> record(Experiment e, Trial t, String id, String trialId, String owner) {
        if (t == null || !t.experimentId.equals(id)) {
            throw new NotFoundException("no trial '" + trialId + "' in experiment '" + id + "'");
        }
        if (e == null || e.status != ExperimentStatus.SUCCEEDED || e.modelName == null) {
            throw new ConflictException(
                    "experiment "
                            + id
                            + " has not published a model"
                            + (e == null ? " yet" : " (it is " + e.status + ")")
                            + "; a trial of it can be published once it has");
        }
        if (t.state != TrialState.SUCCEEDED || t.modelUrl == null) {
            throw new IllegalArgumentException(
                    "trial "
                            + t.number
                            + (t.state != TrialState.SUCCEEDED
                                    ? " did not succeed (" + t.state + ")"
                                    : " left no model")
                            + "; pick a succeeded trial");
        }
        return models.findById(e.modelName)
                .flatMap(
                        m -> {
                            check(m, e, t, owner);
                            ModelUpload up = new ModelUpload();
                            up.id = Ids.from("pick");
                            up.name = e.modelName;
                            up.owner = owner;
                            up.format = t.modelFormat;
                            up.artifactUrl = t.modelUrl;
                            up.createdAt = Instant.now();
                            return uploads.persist(up)
                                    .map(
                                            stored ->
                                                    new Publishing(
                                                            id, t.number, stored.name, stored.id));
                        });
    }

    private static void check(PublishedModel m, Experiment e, Trial t, String owner) {
        if (m == null || !m.owner.equals(owner) || m.removing) {
            throw new ConflictException(
                    "the model '" + e.modelName + "' this experiment published is gone");
        }
        if (t.modelUrl.equals(m.artifactUrl) && m.canaryRevision == null) {
            throw new ConflictException(
                    "trial " + t.number + "'s model is already the one '" + m.name + "' serves");
        }
    }
}
