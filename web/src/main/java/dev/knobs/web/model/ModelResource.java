package dev.knobs.web.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.knobs.domain.Blocking;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelAccessChanged;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.ModelUploaded;
import dev.knobs.eventing.publish.EventPublisher;
import dev.knobs.trainer.serve.LoadedModel;
import dev.knobs.web.Owners;
import dev.knobs.web.account.Secrets;
import dev.knobs.web.artifact.ArtifactStore;
import dev.knobs.web.artifact.FormFiles;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.embedded.ArtifactToken;
import dev.knobs.web.error.ApiError;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Published models, and uploading a finished ONNX model to be served. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models", description = "Models served at scale-to-zero endpoints")
public class ModelResource {
    @Inject Owners owners;

    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,38}[a-z0-9])?");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject ArtifactStore store;
    @Inject EventPublisher publisher;
    @Inject WebConfig config;
    @Inject ArtifactToken artifactToken;

    @GET
    @WithSession
    @Operation(
            summary =
                    "Your published models with their URLs and whether each is warm or scaled to zero")
    public Uni<List<ModelView>> list() {
        return PublishedModel.<PublishedModel>list(
                        "owner = ?1 order by publishedAt desc", owners.current())
                .flatMap(
                        models ->
                                Blocking.call(
                                        () -> models.stream().map(m -> view(m, false)).toList()));
    }

    @GET
    @Path("/{name}")
    @WithSession
    @Operation(summary = "A published model, with its inputs and outputs")
    public Uni<ModelView> get(@PathParam("name") String name) {
        return PublishedModel.<PublishedModel>findById(name)
                .flatMap(
                        m -> {
                            if (m == null || !m.owner.equals(owners.current())) {
                                throw new NotFoundException("no model '" + name + "'");
                            }
                            return Blocking.call(() -> view(m, true));
                        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @WithSession
    @Operation(
            summary = "Upload an ONNX model file to be served as 'name'",
            description =
                    "curl --data-binary @model.onnx -H 'Content-Type: application/octet-stream' '/api/models?name=iris'")
    public Uni<Response> upload(@QueryParam("name") String name, byte[] body) {
        return publish(name, body);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @WithSession
    @Operation(summary = "Upload an ONNX model file from a form (fields 'file' and 'name')")
    public Uni<Response> uploadForm(
            @RestForm("file") FileUpload file, @RestForm("name") String name) {
        return FormFiles.contents(file, "the ONNX model").flatMap(bytes -> publish(name, bytes));
    }

    private Uni<Response> publish(String name, byte[] body) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a model name is 1-40 lower-case letters, digits and '-', starting with a letter (it becomes part of the URL)");
        }
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the model file is empty");
        }
        return Blocking.call(() -> inspect(body))
                .flatMap(
                        inspected ->
                                PublishedModel.<PublishedModel>findById(name)
                                        .flatMap(
                                                existing -> {
                                                    if (existing != null
                                                            && !existing.owner.equals(
                                                                    owners.current())) {
                                                        return Uni.createFrom()
                                                                .item(
                                                                        ApiError.response(
                                                                                409,
                                                                                "the model name '"
                                                                                        + name
                                                                                        + "' is taken"));
                                                    }
                                                    int revision =
                                                            existing == null
                                                                    ? 1
                                                                    : existing.revision + 1;
                                                    String artifact =
                                                            name + "-r" + revision + ".onnx";
                                                    ModelRef ref =
                                                            new ModelRef(
                                                                    config.publicUrl()
                                                                            .resolve(
                                                                                    "/api/artifacts/models/"
                                                                                            + artifact)
                                                                            .toString(),
                                                                    ModelRef.ONNX);
                                                    ModelUploaded uploaded =
                                                            new ModelUploaded(
                                                                    name,
                                                                    owners.current(),
                                                                    revision,
                                                                    ref);
                                                    return Blocking.call(
                                                            () -> {
                                                                store.write(
                                                                        ArtifactStore.Kind.MODELS,
                                                                        artifact,
                                                                        body);
                                                                publisher.publish(
                                                                        new KnobsEvent<>(
                                                                                EventIds
                                                                                        .modelUploaded(
                                                                                                name,
                                                                                                revision),
                                                                                EventSources.WEB,
                                                                                name,
                                                                                uploaded));
                                                                return Response.accepted(
                                                                                new ModelView(
                                                                                        name,
                                                                                        null,
                                                                                        revision,
                                                                                        ModelRef
                                                                                                .ONNX,
                                                                                        null,
                                                                                        "PUBLISHING",
                                                                                        inspected
                                                                                                .inputs(),
                                                                                        inspected
                                                                                                .outputs(),
                                                                                        null,
                                                                                        existing
                                                                                                        != null
                                                                                                && existing.tokenSha256
                                                                                                        != null))
                                                                        .location(
                                                                                URI.create(
                                                                                        "/api/models/"
                                                                                                + name))
                                                                        .build();
                                                            });
                                                }));
    }

    private record Inspected(
            List<dev.knobs.trainer.serve.TensorSpec> inputs,
            List<dev.knobs.trainer.serve.TensorSpec> outputs) {}

    private static Inspected inspect(byte[] bytes) throws Exception {
        try (LoadedModel model = LoadedModel.load(bytes, ModelRef.ONNX)) {
            return new Inspected(model.inputs(), model.outputs());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "this file is not an ONNX model Knobs can serve: " + e.getMessage());
        }
    }

    private ModelView view(PublishedModel m, boolean withSignature) {
        List<dev.knobs.trainer.serve.TensorSpec> inputs = null;
        List<dev.knobs.trainer.serve.TensorSpec> outputs = null;
        if (withSignature) {
            String file = m.artifactUrl.substring(m.artifactUrl.lastIndexOf('/') + 1);
            var path = store.find(ArtifactStore.Kind.MODELS, file);
            if (path.isPresent()) {
                try (LoadedModel model =
                        LoadedModel.load(Files.readAllBytes(path.get()), m.format)) {
                    inputs = model.inputs();
                    outputs = model.outputs();
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "cannot read model " + m.name + ": " + e.getMessage(), e);
                }
            }
        }
        return new ModelView(
                m.name,
                m.url,
                m.revision,
                m.format,
                m.experimentId,
                state(m.url),
                inputs,
                outputs,
                m.publishedAt,
                m.tokenSha256 != null);
    }

    /** Whether requests to the model's endpoint must carry a token. */
    public record AccessRequest(Boolean requireToken) {}

    /** The endpoint's access; {@code token} only right after a new one was made, once. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessView(String name, boolean tokenRequired, String token) {}

    @PUT
    @Path("/{name}/access")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
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
        String owner = owners.current();
        return PublishedModel.<PublishedModel>findById(name)
                .flatMap(
                        m -> {
                            if (m == null || !m.owner.equals(owner)) {
                                throw new NotFoundException("no model '" + name + "'");
                            }
                            String token =
                                    request.requireToken()
                                            ? "knobs_model_" + Secrets.random(30)
                                            : null;
                            m.tokenSha256 = token == null ? null : Hashes.sha256(token);
                            m.accessChange++;
                            ModelAccessChanged changed =
                                    new ModelAccessChanged(
                                            m.name, owner, m.accessChange, m.tokenSha256);
                            // published inside the transaction: if it cannot be, nothing changes
                            return Panache.flush()
                                    .chain(
                                            () ->
                                                    Blocking.call(
                                                            () -> {
                                                                publisher.publish(
                                                                        new KnobsEvent<>(
                                                                                EventIds
                                                                                        .modelAccessChanged(
                                                                                                m.name,
                                                                                                m.accessChange),
                                                                                EventSources.WEB,
                                                                                m.name,
                                                                                changed));
                                                                return new AccessView(
                                                                        m.name,
                                                                        token != null,
                                                                        token);
                                                            }));
                        });
    }

    /** How long the try-it form waits for a model, which may be starting from zero. */
    static final Duration PREDICT_TIMEOUT = Duration.ofSeconds(90);

    @POST
    @Path("/{name}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(
            summary = "Asks your model for a prediction (the page's try-it form)",
            description =
                    "The body is the endpoint's named-feature form, {\"instances\": [{\"age\": 42,"
                            + " …}]}; the answer is the endpoint's, unchanged. A model scaled to"
                            + " zero starts first.")
    public Uni<Response> predict(@PathParam("name") String name, String body) {
        return PublishedModel.<PublishedModel>findById(name)
                .flatMap(
                        m -> {
                            if (m == null || !m.owner.equals(owners.current())) {
                                throw new NotFoundException("no model '" + name + "'");
                            }
                            return Blocking.call(() -> forward(m, body == null ? "" : body));
                        });
    }

    private Response forward(PublishedModel m, String body) {
        URI target = URI.create(m.url + "/v1/models/" + m.name + ":predict");
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(target)
                                    .timeout(PREDICT_TIMEOUT)
                                    .header("Content-Type", "application/json")
                                    // the platform's own key: a model that needs a token answers
                                    // its owner's page too
                                    .header("Authorization", "Bearer " + artifactToken.value())
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return Response.status(r.statusCode())
                    .type(MediaType.APPLICATION_JSON)
                    .entity(r.body())
                    .build();
        } catch (java.io.IOException e) {
            return ApiError.response(
                    502, "the model endpoint " + m.url + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiError.response(503, "interrupted while waiting for the model");
        }
    }

    /** warm or scaled-to-zero, as the endpoint's gateway says; unknown when it does not answer. */
    private String state(String url) {
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200
                    ? Json.MAPPER.readTree(r.body()).path("state").asText("unknown")
                    : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
