package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.space.SearchSpaces;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.ExtensionRequested;
import dev.knobs.web.Owners;
import dev.knobs.web.WakeUps;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An experiment's life after it ran: more trials for it (its search continues from its history),
 * the request that would start it again (to clone it, edited or not, with {@code POST
 * /api/experiments}), and its deletion.
 */
@Path("/api/experiments/{id}")
@Tag(name = "experiments", description = "Experiments: submit, follow, rank, cancel")
public class ExperimentLifecycleResource {
    @Inject Submissions submissions;
    @Inject Owners owners;
    @Inject ExperimentRemoval removal;
    @Inject Experiments experiments;
    @Inject WakeUps wakeUps;

    /** What {@code POST /api/experiments/{id}/extend} takes. */
    public record ExtensionRequest(Integer additionalTrials) {}

    @POST
    @Path("/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Extend an ended experiment's budget: its search continues from its history",
            description =
                    "{\"additionalTrials\": n} more trials (the budget stays at most 10000). Every"
                            + " trial so far informs the next; trial numbers go on; as many trials"
                            + " may fail again as first allowed, and a time budget starts again."
                            + " The best of all trials is published as a new version of the"
                            + " experiment's model, unless it is the one served already. 202 with"
                            + " the experiment; 409 while it runs or publishes, or when it never"
                            + " started.")
    public Uni<Response> extend(@PathParam("id") String id, ExtensionRequest request) {
        int added = additionalTrials(request);
        String owner = owners.current();
        return Panache.withTransaction(() -> recordExtension(id, owner, added))
                .call(wakeUps::emit)
                .chain(() -> Panache.withSession(() -> view(id, owner)))
                .map(view -> Response.accepted(view).build());
    }

    private static int additionalTrials(ExtensionRequest request) {
        if (request == null || request.additionalTrials() == null) {
            throw new IllegalArgumentException("send {\"additionalTrials\": n}, n from 1");
        }
        if (request.additionalTrials() < 1 || request.additionalTrials() > Budget.MAX_TRIALS) {
            throw new IllegalArgumentException(
                    "additionalTrials must be between 1 and " + Budget.MAX_TRIALS);
        }
        return request.additionalTrials();
    }

    /**
     * The owner's extension, recorded on the submission (the authority the functions act on; its
     * row locked, so two at once both count); the event that wakes the functions.
     */
    private Uni<KnobsEvent<ExtensionRequested>> recordExtension(
            String id, String owner, int added) {
        return submissions
                .findById(id, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(
                        s -> {
                            if (s == null || !s.owner.equals(owner)) {
                                throw new NotFoundException("no experiment '" + id + "'");
                            }
                            return experiments.findById(id).map(e -> Extension.record(s, e, added));
                        });
    }

    private Uni<ExperimentView> view(String id, String owner) {
        return submissions
                .owned(id, owner)
                .flatMap(s -> experiments.findById(id).map(e -> ExperimentViews.of(s, e)));
    }

    @GET
    @Path("/request")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(
            summary = "The request that starts this experiment again",
            description =
                    "Its space as text, its dataset, algorithm, objective, budget, resources and"
                            + " rules; edit it and POST it to /api/experiments to clone the"
                            + " experiment (\\\"the same with 50 more trials\\\", another dataset).")
    public Uni<ExperimentRequest> request(@PathParam("id") String id) {
        // as it ran: an extended experiment's budget counts its extensions
        return submissions
                .owned(id, owners.current())
                .flatMap(
                        s ->
                                experiments
                                        .findById(id)
                                        .map(e -> e == null ? s.payload : e.spec)
                                        .map(spec -> clone(Json.read(spec, ExperimentSpec.class))));
    }

    static ExperimentRequest clone(ExperimentSpec spec) {
        CustomTrainer t = spec.trainer();
        ExperimentRequest.ObjectiveRequest first =
                new ExperimentRequest.ObjectiveRequest(
                        spec.objective().metric(),
                        spec.objective().goal(),
                        spec.objective().target());
        return new ExperimentRequest(
                spec.name() == null ? null : spec.name() + " (again)",
                spec.dataset() == null ? null : spec.dataset().id(),
                spec.dataset() == null ? null : spec.dataset().labelColumn(),
                spec.algorithm(),
                t == null
                        ? null
                        : new ExperimentRequest.CustomTrainerRequest(
                                t.archiveUrl() == null
                                        ? null
                                        : t.archiveUrl()
                                                .substring(t.archiveUrl().lastIndexOf('/') + 1),
                                t.command(),
                                t.image(),
                                t.pullSecret()),
                SearchSpaces.toText(spec.searchSpace()),
                null,
                spec.searchAlgorithm(),
                spec.seed(),
                spec.twoObjectives() ? null : first,
                spec.budget(),
                spec.resources(),
                spec.earlyStopping(),
                spec.twoObjectives()
                        ? List.of(
                                first,
                                new ExperimentRequest.ObjectiveRequest(
                                        spec.secondObjective().metric(),
                                        spec.secondObjective().goal(),
                                        null))
                        : null,
                spec.publishWithin());
    }

    @DELETE
    @Operation(
            summary = "Delete an experiment that has ended: its trials, their output and files",
            description =
                    "409 while it runs (cancel it first). A model it published stays served, with"
                            + " its files.")
    public Uni<Response> delete(@PathParam("id") String id) {
        return removal.delete(id, owners.current()).replaceWith(Response.noContent().build());
    }
}
