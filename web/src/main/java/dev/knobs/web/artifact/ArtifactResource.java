package dev.knobs.web.artifact;

import dev.knobs.web.embedded.ArtifactToken;
import dev.knobs.web.error.ApiError;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The artifact API that trials and model servers use: download a dataset or model, upload a trained
 * model. Every call presents the platform's bearer token.
 */
@Path("/api/artifacts")
@Tag(
        name = "artifacts",
        description = "Datasets and models for trials and model servers (platform token)")
public class ArtifactResource {
    @Inject ArtifactStore store;
    @Inject ArtifactToken token;

    @GET
    @Path("/{kind}/{id}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download a dataset, model or trainer archive")
    public Response get(
            @PathParam("kind") String kind,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        if (!token.matches(auth)) {
            return ApiError.response(401, "the artifact API needs the platform's bearer token");
        }
        ArtifactStore.Kind k = ArtifactStore.Kind.of(kind).orElse(null);
        if (k == null) {
            return ApiError.response(404, "no artifact kind '" + kind + "'");
        }
        return store.find(k, id)
                .map(p -> Response.ok(p.toFile()).build())
                .orElseGet(() -> ApiError.response(404, "no " + kind + " artifact '" + id + "'"));
    }

    @PUT
    @Path("/models/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Upload a trained model (trials do this)")
    public Response putModel(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            byte[] content) {
        if (!token.matches(auth)) {
            return ApiError.response(401, "the artifact API needs the platform's bearer token");
        }
        if (content == null || content.length == 0) {
            return ApiError.response(400, "the model file is empty");
        }
        store.write(ArtifactStore.Kind.MODELS, id, content);
        return Response.noContent().build();
    }
}
