package dev.knobs.web.experiment;

import dev.knobs.web.Owners;
import dev.knobs.web.error.ApiError;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Answers 404 for a route marked {@link OwnExperiment} whose experiment is not the caller's. */
public class OwnExperimentCheck {
    @Inject Owners owners;
    @Inject Submissions submissions;

    @OwnExperiment
    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        String owner = owners.current();
        return Panache.withSession(() -> submissions.owned(id, owner))
                .map(s -> (Response) null)
                .onFailure(NotFoundException.class)
                .recoverWithItem(e -> ApiError.response(404, e.getMessage()));
    }
}
