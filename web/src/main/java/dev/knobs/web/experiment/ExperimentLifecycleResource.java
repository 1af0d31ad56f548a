package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.space.SearchSpaces;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.web.Owners;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An experiment's life after it ran: the request that would start it again (to clone it, edited or
 * not, with {@code POST /api/experiments}), and its deletion.
 */
@Path("/api/experiments/{id}")
@Tag(name = "experiments", description = "Experiments: submit, follow, rank, cancel")
public class ExperimentLifecycleResource {
    @Inject Submissions submissions;
    @Inject Owners owners;
    @Inject ExperimentRemoval removal;

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
        return submissions
                .owned(id, owners.current())
                .map(s -> clone(Json.read(s.payload, ExperimentSpec.class)));
    }

    static ExperimentRequest clone(ExperimentSpec spec) {
        CustomTrainer t = spec.trainer();
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
                new ExperimentRequest.ObjectiveRequest(
                        spec.objective().metric(),
                        spec.objective().goal(),
                        spec.objective().target()),
                spec.budget(),
                spec.resources(),
                spec.earlyStopping());
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
