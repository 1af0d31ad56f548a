package dev.knobs.web.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.knobs.domain.experiment.ModelUpload;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.ModelUploaded;
import dev.knobs.formats.model.ModelSignature;
import dev.knobs.web.Ids;
import dev.knobs.web.Owners;
import dev.knobs.web.Paging;
import dev.knobs.web.WakeUps;
import dev.knobs.web.Worker;
import dev.knobs.web.account.Secrets;
import dev.knobs.web.artifact.ArtifactStore;
import dev.knobs.web.artifact.FormFiles;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.error.ApiError;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Published models, and uploading a finished ONNX model to be served. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models", description = "Models served at scale-to-zero endpoints")
public class ModelResource {
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,38}[a-z0-9])?");

    @Inject Owners owners;
    @Inject Models models;
    @Inject ModelEndpoints endpoints;
    @Inject ArtifactStore store;
    @Inject FormFiles forms;
    @Inject WakeUps wakeUps;
    @Inject Uploads uploads;
    @Inject WebConfig config;
    @Inject Worker worker;
    @Inject ModelChanges changes;

    // Every route reads its rows in a session of its own and closes it before it calls another
    // process (a model endpoint, the broker).

    @GET
    @Operation(
            summary =
                    "Your published models with their URLs and whether each is warm or scaled to"
                            + " zero ('q' searches names; 'limit', 'offset'; X-Total-Count)")
    public Uni<RestResponse<List<ModelView>>> list(@BeanParam Paging paging) {
        return Panache.withSession(
                () ->
                        paging.of(
                                models,
                                owners.current(),
                                "publishedAt desc",
                                all ->
                                        worker.call(
                                                () ->
                                                        all.stream()
                                                                .map(m -> view(m, false))
                                                                .toList()),
                                "name"));
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "A published model, with its inputs and outputs")
    public Uni<ModelView> get(@PathParam("name") String name) {
        String owner = owners.current();
        return Panache.withSession(() -> models.owned(name, owner))
                .flatMap(m -> worker.call(() -> view(m, true)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(
            summary = "Upload an ONNX model file to be served as 'name'",
            description =
                    "curl --data-binary @model.onnx -H 'Content-Type: application/octet-stream' '/api/models?name=iris'")
    public Uni<Response> upload(@QueryParam("name") String name, byte[] body) {
        return publish(name, body);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload an ONNX model file from a form (fields 'file' and 'name')")
    public Uni<Response> uploadForm(
            @RestForm("file") FileUpload file, @RestForm("name") String name) {
        return forms.contents(file, "the ONNX model").flatMap(bytes -> publish(name, bytes));
    }

    private Uni<Response> publish(String name, byte[] body) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a model name is 1-40 lower-case letters, digits and '-', starting with a letter (it becomes part of the URL)");
        }
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the model file is empty");
        }
        ModelSignature signature = inspect(body);
        String owner = owners.current();
        return Panache.withSession(() -> models.findById(name))
                .flatMap(
                        existing ->
                                existing != null && !existing.owner.equals(owner)
                                        ? Uni.createFrom().item(taken(name))
                                        : upload(name, owner, body)
                                                .map(up -> accepted(up, existing, signature)));
    }

    private static Response taken(String name) {
        return ApiError.response(409, "the model name '" + name + "' is taken");
    }

    /**
     * Stores the file and the upload (the functions' authority for serving it, whose revision they
     * number), then wakes the functions.
     */
    private Uni<ModelUpload> upload(String name, String owner, byte[] body) {
        ModelUpload up = new ModelUpload();
        up.id = Ids.from("up");
        up.name = name;
        up.owner = owner;
        up.format = ModelRef.ONNX;
        up.artifactUrl =
                config.publicUrl()
                        .resolve("/api/artifacts/models/" + name + "-" + up.id + ".onnx")
                        .toString();
        up.createdAt = Instant.now();
        String artifact = up.artifactUrl.substring(up.artifactUrl.lastIndexOf('/') + 1);
        return worker.call(
                        () -> {
                            store.write(ArtifactStore.Kind.MODELS, artifact, body);
                            return up;
                        })
                .call(stored -> Panache.withTransaction(() -> uploads.persist(stored)))
                .call(
                        stored ->
                                wakeUps.emit(
                                        new KnobsEvent<>(
                                                EventIds.modelUploaded(name, stored.id),
                                                EventSources.WEB,
                                                name,
                                                new ModelUploaded(stored.id, name, owner))));
    }

    private static Response accepted(
            ModelUpload up, PublishedModel existing, ModelSignature signature) {
        ModelView view =
                ModelView.publishing(
                        up.name,
                        signature.inputs(),
                        signature.outputs(),
                        existing != null && existing.tokenSha256 != null);
        return Response.accepted(view).location(URI.create("/api/models/" + up.name)).build();
    }

    private static ModelSignature inspect(byte[] bytes) {
        try {
            return ModelSignature.of(bytes, ModelRef.ONNX);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "this file is not an ONNX model Knobs can serve: " + e.getMessage());
        }
    }

    /** The model as the API shows it; with its inputs and outputs read from its file. Blocking. */
    private ModelView view(PublishedModel m, boolean withSignature) {
        ModelSignature signature = withSignature ? signature(m) : null;
        return new ModelView(
                m.name,
                m.url,
                m.revision,
                m.format,
                m.experimentId,
                m.removing ? "REMOVING" : endpoints.state(m.url),
                signature == null ? null : signature.inputs(),
                signature == null ? null : signature.outputs(),
                m.publishedAt,
                m.tokenSha256 != null,
                m.canaryRevision,
                m.canaryRevision == null ? null : m.canaryPercent,
                new ModelVersionsResource.ScalingRequest(
                        m.minScale, m.maxScale, m.targetConcurrency, m.scaleDownDelaySeconds));
    }

    private ModelSignature signature(PublishedModel m) {
        String file = m.artifactUrl.substring(m.artifactUrl.lastIndexOf('/') + 1);
        return store.find(ArtifactStore.Kind.MODELS, file)
                .map(
                        path -> {
                            try {
                                return ModelSignature.of(Files.readAllBytes(path), m.format);
                            } catch (Exception e) {
                                throw new IllegalStateException(
                                        "cannot read model " + m.name + ": " + e.getMessage(), e);
                            }
                        })
                .orElse(null);
    }

    /** Whether requests to the model's endpoint must carry a token. */
    public record AccessRequest(Boolean requireToken) {}

    /** The endpoint's access; {@code token} only right after a new one was made, once. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessView(String name, boolean tokenRequired, String token) {}

    @PUT
    @Path("/{name}/access")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Makes your model's endpoint require a token, or open it to everyone",
            description =
                    "{\"requireToken\": true} makes a new token (any earlier one stops working)"
                            + " and answers it, once; callers send it as 'Authorization: Bearer"
                            + " <token>'. {\"requireToken\": false} opens the endpoint. The"
                            + " endpoint follows within seconds.")
    public Uni<AccessView> access(@PathParam("name") String name, AccessRequest request) {
        if (request == null || request.requireToken() == null) {
            throw new IllegalArgumentException("send {\"requireToken\": true} or false");
        }
        String token = request.requireToken() ? "knobs_model_" + Secrets.random(30) : null;
        return changes.change(
                name,
                owners.current(),
                m -> {
                    m.tokenSha256 = token == null ? null : Hashes.sha256(token);
                    return Uni.createFrom().item(new AccessView(m.name, token != null, token));
                });
    }

    @POST
    @Path("/{name}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Asks your model for a prediction (the page's try-it form)",
            description =
                    "The body is the endpoint's named-feature form, {\"instances\": [{\"age\": 42,"
                            + " …}]}; the answer is the endpoint's, unchanged. A model scaled to"
                            + " zero starts first.")
    public Uni<Response> predict(@PathParam("name") String name, String body) {
        return Panache.withSession(() -> models.owned(name, owners.current()))
                .flatMap(m -> worker.call(() -> endpoints.predict(m, body == null ? "" : body)));
    }
}
