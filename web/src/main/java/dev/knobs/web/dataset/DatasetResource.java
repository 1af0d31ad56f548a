package dev.knobs.web.dataset;

import dev.knobs.eventing.Json;
import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.csv.CsvLimits;
import dev.knobs.formats.dataset.DatasetProfile;
import dev.knobs.web.Ids;
import dev.knobs.web.Owners;
import dev.knobs.web.Paging;
import dev.knobs.web.Worker;
import dev.knobs.web.artifact.ArtifactStore;
import dev.knobs.web.artifact.FormFiles;
import dev.knobs.web.error.ConflictException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Upload a CSV dataset (checked before anything is stored), list datasets, read one's profile. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets", description = "CSV datasets for the built-in algorithms")
public class DatasetResource {
    @Inject Datasets datasets;
    @Inject Owners owners;

    @Inject ArtifactStore store;
    @Inject FormFiles forms;
    @Inject Worker worker;

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(
            summary = "Upload a CSV file as the request body",
            description =
                    "curl --data-binary @data.csv -H 'Content-Type: text/csv' '/api/datasets?name=churn'")
    public Uni<Response> upload(@QueryParam("name") String name, byte[] body) {
        return create(name, body);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a CSV file from a form (field 'file', optional 'name')")
    public Uni<Response> uploadForm(
            @RestForm("file") FileUpload file, @RestForm("name") String name) {
        String fallback = file == null ? null : stripExtension(file.fileName());
        return forms.contents(file, "the CSV file")
                .flatMap(bytes -> create(name == null || name.isBlank() ? fallback : name, bytes));
    }

    @POST
    @Path("/sample")
    @Operation(
            summary = "Add the sample dataset (made-up customers and whether they left: 'churn')",
            description =
                    "For a first run without a file of one's own; samples/README.md says more.")
    public Uni<Response> sample() {
        return worker.call(
                        () -> {
                            try (var in =
                                    Thread.currentThread()
                                            .getContextClassLoader()
                                            .getResourceAsStream("samples/churn.csv")) {
                                if (in == null) {
                                    throw new IllegalStateException(
                                            "the sample dataset is missing from this build");
                                }
                                return in.readAllBytes();
                            }
                        })
                .flatMap(bytes -> create("churn-sample", bytes));
    }

    /** Checks and profiles the file, stores it, then records the dataset. */
    private Uni<Response> create(String name, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidDataException(
                    "the file is empty: expected a CSV file with a header row and data rows");
        }
        Dataset d = new Dataset();
        d.name = Ids.name(name, "dataset", "dataset");
        d.id = Ids.from(d.name);
        d.owner = owners.current();
        d.sizeBytes = body.length;
        d.createdAt = Instant.now();
        return worker.call(() -> stored(d, body))
                .call(stored -> Panache.withTransaction(() -> datasets.persist(stored)))
                .map(
                        stored ->
                                Response.created(URI.create("/api/datasets/" + stored.id))
                                        .entity(view(stored))
                                        .build());
    }

    private Dataset stored(Dataset d, byte[] body) throws IOException {
        DatasetProfile profile =
                DatasetProfile.of(new ByteArrayInputStream(body), CsvLimits.DEFAULT);
        d.rows = profile.rows();
        d.profile = Json.write(profile);
        store.write(ArtifactStore.Kind.DATASETS, d.id, body);
        return d;
    }

    @GET
    @WithSession
    @Operation(
            summary = "List your datasets, newest first ('q' searches names and ids)",
            description = "Paged by 'limit' (100) and 'offset'; X-Total-Count: how many match.")
    public Uni<RestResponse<List<DatasetView>>> list(@BeanParam Paging paging) {
        return paging.of(
                datasets,
                owners.current(),
                "createdAt desc",
                all -> Uni.createFrom().item(all.stream().map(DatasetResource::view).toList()),
                "name",
                "id");
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "A dataset's columns, detected types and first rows")
    public Uni<DatasetView> get(@PathParam("id") String id) {
        return datasets.owned(id, owners.current()).map(DatasetResource::view);
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            summary = "Delete a dataset: its file and its row",
            description =
                    "409 while an experiment of yours runs (or waits to start) on it; experiments"
                            + " that ended keep their results.")
    public Uni<Response> delete(@PathParam("id") String id) {
        String owner = owners.current();
        return Panache.withSession(
                        () -> datasets.owned(id, owner).chain(d -> datasets.inUse(id, owner)))
                .invoke(running -> refuseWhileUsed(id, running))
                .chain(x -> worker.call(() -> store.delete(ArtifactStore.Kind.DATASETS, id)))
                .chain(x -> Panache.withTransaction(() -> datasets.deleteById(id)))
                .replaceWith(Response.noContent().build());
    }

    private static void refuseWhileUsed(String id, String running) {
        if (running != null) {
            throw new ConflictException(
                    "dataset "
                            + id
                            + " is used by experiment "
                            + running
                            + ", which has not ended; cancel it or wait");
        }
    }

    public static DatasetProfile profileOf(Dataset d) {
        return Json.read(d.profile, DatasetProfile.class);
    }

    static DatasetView view(Dataset d) {
        return new DatasetView(d.id, d.name, d.rows, d.sizeBytes, profileOf(d), d.createdAt);
    }

    private static String stripExtension(String fileName) {
        if (fileName == null) {
            return null;
        }
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
