package dev.knobs.web.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.knobs.domain.experiment.ModelRevision;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.web.Owners;
import dev.knobs.web.Worker;
import dev.knobs.web.artifact.ArtifactStore;
import dev.knobs.web.error.ConflictException;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A model's versions and its traffic: every publication under a name (a new best, an upload) is a
 * version that stays callable at its own URL; its owner promotes one, rolls back, splits traffic
 * with a canary, retires a version, sets how the servers scale, takes the model down, and downloads
 * a version's file. The endpoint follows within seconds.
 */
@Path("/api/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelVersionsResource {
    @Inject Owners owners;
    @Inject Models models;
    @Inject ModelChanges changes;
    @Inject ArtifactStore store;
    @Inject Worker worker;

    /** One version of a model as the API shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionView(
            int version,
            String state,
            int percent,
            String url,
            String source,
            String experimentId,
            String format,
            Instant createdAt,
            Instant servedAt,
            String reason) {}

    /** Where a model's traffic goes: the primary version, and a canary with its share. */
    public record TrafficRequest(Integer primary, Integer canary, Integer canaryPercent) {}

    /** How a model's servers scale. */
    public record ScalingRequest(
            Integer minScale,
            Integer maxScale,
            Integer targetConcurrency,
            Integer scaleDownDelaySeconds) {}

    @GET
    @Path("/versions")
    @Operation(summary = "Your model's versions: each one's state, share of traffic and own URL")
    public Uni<List<VersionView>> versions(@PathParam("name") String name) {
        String owner = owners.current();
        return read(name, owner, ModelVersionsResource::views);
    }

    /**
     * What {@code read} makes of the owner's model and its versions, in a session of its own (404
     * for anyone else's model).
     */
    private <T> Uni<T> read(
            String name,
            String owner,
            java.util.function.BiFunction<PublishedModel, List<ModelRevision>, T> read) {
        return Panache.withSession(
                () ->
                        models.owned(name, owner)
                                .flatMap(m -> revisions(name).map(all -> read.apply(m, all))));
    }

    private static Uni<List<ModelRevision>> revisions(String name) {
        return Panache.getSession()
                .flatMap(
                        s ->
                                s.createQuery(
                                                "from ModelRevision where name = ?1 order by revision",
                                                ModelRevision.class)
                                        .setParameter(1, name)
                                        .getResultList());
    }

    private static List<VersionView> views(PublishedModel m, List<ModelRevision> all) {
        return all.stream()
                .map(
                        r ->
                                new VersionView(
                                        r.revision,
                                        r.state.name(),
                                        percent(m, r.revision),
                                        r.url,
                                        r.source.startsWith("best:") ? "experiment" : "upload",
                                        r.experimentId,
                                        r.format,
                                        r.createdAt,
                                        r.servedAt,
                                        r.reason))
                .toList();
    }

    static int percent(PublishedModel m, int revision) {
        int canary = m.canaryRevision == null ? 0 : m.canaryPercent;
        if (m.canaryRevision != null && m.canaryRevision == revision) {
            return canary;
        }
        return m.revision == revision ? 100 - canary : 0;
    }

    @PUT
    @Path("/traffic")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Promote a version, or split traffic with a canary",
            description =
                    "{\"primary\": 3} sends everything to version 3. {\"primary\": 3, \"canary\": 4,"
                            + " \"canaryPercent\": 10} sends 10 % of calls to version 4. Versions"
                            + " must be served.")
    public Uni<List<VersionView>> traffic(@PathParam("name") String name, TrafficRequest request) {
        if (request == null || request.primary() == null) {
            throw new IllegalArgumentException(
                    "send {\"primary\": <version>} and, for a canary, \"canary\": <version> and"
                            + " \"canaryPercent\": 1-99");
        }
        boolean canary = request.canary() != null;
        if (canary
                && (request.canaryPercent() == null
                        || request.canaryPercent() < 1
                        || request.canaryPercent() > 99)) {
            throw new IllegalArgumentException(
                    "a canary takes 1 to 99 percent (\"canaryPercent\")");
        }
        if (!canary && request.canaryPercent() != null) {
            throw new IllegalArgumentException("\"canaryPercent\" needs a \"canary\" version");
        }
        if (canary && request.canary().equals(request.primary())) {
            throw new IllegalArgumentException("the canary is a version other than the primary");
        }
        return route(
                name, request.primary(), request.canary(), canary ? request.canaryPercent() : 0);
    }

    @POST
    @Path("/rollback")
    @Operation(summary = "Roll back: the served version before the primary takes all the traffic")
    public Uni<List<VersionView>> rollback(@PathParam("name") String name) {
        String owner = owners.current();
        return read(name, owner, ModelVersionsResource::before)
                .flatMap(
                        before -> {
                            if (before.isEmpty()) {
                                throw new ConflictException(
                                        "model "
                                                + name
                                                + " has no served version before its primary");
                            }
                            return route(name, before.getAsInt(), null, 0);
                        });
    }

    /** The highest served version below the primary. */
    private static java.util.OptionalInt before(PublishedModel m, List<ModelRevision> all) {
        return all.stream()
                .filter(r -> r.state == ModelRevision.State.SERVED && r.revision < m.revision)
                .mapToInt(r -> r.revision)
                .max();
    }

    /** Sets the traffic once the versions it names are served. */
    private Uni<List<VersionView>> route(String name, int primary, Integer canary, int percent) {
        return changes.change(
                        name,
                        owners.current(),
                        m -> revisions(name).invoke(all -> route(m, all, primary, canary, percent)))
                .flatMap(all -> versions(name));
    }

    /** Points the model at {@code primary} (its file too) and a canary, once both are served. */
    private static void route(
            PublishedModel m, List<ModelRevision> all, int primary, Integer canary, int percent) {
        served(all, m.name, primary);
        if (canary != null) {
            served(all, m.name, canary);
        }
        ModelRevision chosen = version(all, m.name, primary);
        m.revision = primary;
        m.artifactUrl = chosen.artifactUrl;
        m.format = chosen.format;
        m.experimentId = chosen.experimentId;
        m.canaryRevision = canary;
        m.canaryPercent = percent;
    }

    private static void served(List<ModelRevision> all, String name, int version) {
        if (all.stream()
                .noneMatch(r -> r.revision == version && r.state == ModelRevision.State.SERVED)) {
            throw new ConflictException(
                    "model "
                            + name
                            + " has no served version "
                            + version
                            + "; its served versions are "
                            + all.stream()
                                    .filter(r -> r.state == ModelRevision.State.SERVED)
                                    .map(r -> String.valueOf(r.revision))
                                    .toList());
        }
    }

    @PUT
    @Path("/scaling")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "How your model's servers scale",
            description =
                    "minScale 0-10 (0: scale to zero when idle), maxScale 1-20, targetConcurrency"
                            + " 1-1000 requests in flight per server, scaleDownDelaySeconds 0-3600 (0: the"
                            + " platform's default)."
                            + " Fields left out keep their value.")
    public Uni<ScalingRequest> scaling(@PathParam("name") String name, ScalingRequest request) {
        if (request == null) {
            throw new IllegalArgumentException(
                    "send {\"minScale\", \"maxScale\", \"targetConcurrency\", \"scaleDownDelaySeconds\"}");
        }
        return changes.change(
                name, owners.current(), m -> Uni.createFrom().item(scale(m, request)));
    }

    /** Sets the fields given, each within its range; answers the model's scaling. */
    private static ScalingRequest scale(PublishedModel m, ScalingRequest request) {
        int min = within("minScale", request.minScale(), m.minScale, 0, 10);
        int max = within("maxScale", request.maxScale(), m.maxScale, 1, 20);
        if (min > max) {
            throw new IllegalArgumentException(
                    "minScale (" + min + ") cannot be more than maxScale (" + max + ")");
        }
        int target =
                within(
                        "targetConcurrency",
                        request.targetConcurrency(),
                        m.targetConcurrency,
                        1,
                        1000);
        int delay =
                within(
                        "scaleDownDelaySeconds",
                        request.scaleDownDelaySeconds(),
                        m.scaleDownDelaySeconds,
                        0,
                        3600);
        m.minScale = min;
        m.maxScale = max;
        m.targetConcurrency = target;
        m.scaleDownDelaySeconds = delay;
        return new ScalingRequest(min, max, target, delay);
    }

    private static int within(String field, Integer value, int current, int min, int max) {
        int v = value == null ? current : value;
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " is " + min + " to " + max + ", not " + v);
        }
        return v;
    }

    @DELETE
    @Path("/versions/{version}")
    @Operation(summary = "Retire a version that takes no traffic (its file is kept)")
    public Uni<List<VersionView>> retire(
            @PathParam("name") String name, @PathParam("version") int version) {
        return changes.change(
                        name,
                        owners.current(),
                        m -> revisions(name).invoke(all -> retire(m, all, version)))
                .flatMap(all -> versions(name));
    }

    private static void retire(PublishedModel m, List<ModelRevision> all, int version) {
        ModelRevision r = version(all, m.name, version);
        if (percent(m, version) > 0 || m.revision == version) {
            throw new ConflictException(
                    "version " + version + " takes traffic; promote another one first");
        }
        r.state = ModelRevision.State.RETIRED;
    }

    private static ModelRevision version(List<ModelRevision> all, String name, int version) {
        return all.stream()
                .filter(r -> r.revision == version)
                .findFirst()
                .orElseThrow(
                        () ->
                                new NotFoundException(
                                        "model " + name + " has no version " + version));
    }

    @DELETE
    @Operation(
            summary =
                    "Take your model down: its endpoint and every version stop; the name is free again")
    public Uni<Response> remove(@PathParam("name") String name) {
        return changes.change(
                        name,
                        owners.current(),
                        m -> {
                            m.removing = true;
                            return Uni.createFrom().item(m.name);
                        })
                .map(n -> Response.accepted().build());
    }

    @GET
    @Path("/versions/{version}/file")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download a version's model file (ONNX, or XGBoost JSON)")
    public Uni<Response> file(@PathParam("name") String name, @PathParam("version") int version) {
        String owner = owners.current();
        return read(name, owner, (m, all) -> version(all, name, version))
                .flatMap(r -> worker.call(() -> download(name, r)));
    }

    /** A version's file as an attachment named after the model and version. Blocking. */
    private Response download(String name, ModelRevision r) throws java.io.IOException {
        String file = r.artifactUrl.substring(r.artifactUrl.lastIndexOf('/') + 1);
        java.nio.file.Path path =
                store.find(ArtifactStore.Kind.MODELS, file)
                        .orElseThrow(
                                () ->
                                        new NotFoundException(
                                                "the file of version " + r.revision + " is gone"));
        String suffix = r.format.equals("onnx") ? ".onnx" : ".json";
        return Response.ok(Files.readAllBytes(path))
                .type(MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + name + "-v" + r.revision + suffix + "\"")
                .build();
    }
}
