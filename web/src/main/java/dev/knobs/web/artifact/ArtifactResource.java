package dev.knobs.web.artifact;

import dev.knobs.web.Worker;
import dev.knobs.web.error.ApiError;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The artifact API that trials and model servers use: download a dataset, trainer or model, upload
 * a trained model. Each caller presents the credential minted for it (checked before the body is
 * read) and reaches only what is its own ({@link ArtifactAccess}); 403 with the reason otherwise.
 */
@Path("/api/artifacts")
@Tag(
        name = "artifacts",
        description =
                "Datasets and models for trials and model servers (their own credentials only)")
public class ArtifactResource {
    @Inject ArtifactStore store;
    @Inject ArtifactAccess access;
    @Inject SecurityIdentity identity;
    @Inject Worker worker;

    @GET
    @Path("/{kind}/{id}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download a dataset, model or trainer archive (trials, model servers)")
    public Uni<Response> get(@PathParam("kind") String kind, @PathParam("id") String id) {
        ArtifactStore.Kind k = ArtifactStore.Kind.of(kind).orElse(null);
        if (k == null || !ArtifactStore.validId(id)) {
            return Uni.createFrom().item(ApiError.response(404, "no artifact " + kind + "/" + id));
        }
        return access.refusal(identity, k, id, false)
                .map(refusal -> refusal != null ? ApiError.response(403, refusal) : file(k, id));
    }

    private Response file(ArtifactStore.Kind kind, String id) {
        return store.find(kind, id)
                .map(p -> Response.ok(p.toFile()).build())
                .orElseGet(
                        () ->
                                ApiError.response(
                                        404, "no " + kind.folder() + " artifact '" + id + "'"));
    }

    @PUT
    @Path("/models/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Upload a trained model (a trial, its own)")
    public Uni<Response> putModel(@PathParam("id") String id, byte[] content) {
        if (!ArtifactStore.validId(id)) {
            return Uni.createFrom().item(ApiError.response(404, "no model artifact " + id));
        }
        if (content == null || content.length == 0) {
            return Uni.createFrom().item(ApiError.response(400, "the model file is empty"));
        }
        return access.refusal(identity, ArtifactStore.Kind.MODELS, id, true)
                .flatMap(
                        refusal ->
                                refusal != null
                                        ? Uni.createFrom().item(ApiError.response(403, refusal))
                                        : worker.call(() -> written(id, content)));
    }

    private Response written(String id, byte[] content) {
        store.write(ArtifactStore.Kind.MODELS, id, content);
        return Response.noContent().build();
    }
}
