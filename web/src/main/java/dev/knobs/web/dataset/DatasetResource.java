package dev.knobs.web.dataset;

import dev.knobs.domain.Blocking;
import dev.knobs.eventing.Json;
import dev.knobs.trainer.data.InvalidDataException;
import dev.knobs.trainer.data.Table;
import dev.knobs.web.Ids;
import dev.knobs.web.Owners;
import dev.knobs.web.artifact.ArtifactStore;
import dev.knobs.web.artifact.FormFiles;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Upload a CSV dataset (checked before anything is stored), list datasets, read one's profile. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets", description = "CSV datasets for the built-in algorithms")
public class DatasetResource {
    @Inject Owners owners;

    @Inject ArtifactStore store;

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @WithTransaction
    @Operation(
            summary = "Upload a CSV file as the request body",
            description =
                    "curl --data-binary @data.csv -H 'Content-Type: text/csv' '/api/datasets?name=churn'")
    public Uni<Response> upload(@QueryParam("name") String name, byte[] body) {
        return create(name, body);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @WithTransaction
    @Operation(summary = "Upload a CSV file from a form (field 'file', optional 'name')")
    public Uni<Response> uploadForm(
            @RestForm("file") FileUpload file, @RestForm("name") String name) {
        return FormFiles.contents(file, "the CSV file")
                .flatMap(
                        bytes ->
                                create(
                                        name == null || name.isBlank()
                                                ? stripExtension(file.fileName())
                                                : name,
                                        bytes));
    }

    private Uni<Response> create(String name, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidDataException(
                    "the file is empty: expected a CSV file with a header row and data rows");
        }
        String datasetName = name == null || name.isBlank() ? "dataset" : name.trim();
        return Blocking.call(() -> profile(body))
                .flatMap(
                        profile -> {
                            Dataset d = new Dataset();
                            d.id = Ids.from(datasetName);
                            d.owner = owners.current();
                            d.name = datasetName;
                            d.rows = profile.rows();
                            d.sizeBytes = body.length;
                            d.profile = Json.write(profile);
                            d.createdAt = Instant.now();
                            store.write(ArtifactStore.Kind.DATASETS, d.id, body);
                            return d.persist()
                                    .replaceWith(
                                            () ->
                                                    Response.created(
                                                                    URI.create(
                                                                            "/api/datasets/"
                                                                                    + d.id))
                                                            .entity(view(d))
                                                            .build());
                        });
    }

    private static DatasetProfile profile(byte[] body) throws IOException {
        Table table =
                Table.read(
                        new InputStreamReader(
                                new java.io.ByteArrayInputStream(body), StandardCharsets.UTF_8));
        if (table.columns().size() < 2) {
            throw new InvalidDataException(
                    "a dataset needs at least two columns (features and a label); this one has "
                            + table.columns().size()
                            + " — is it comma-separated?");
        }
        return DatasetProfile.of(table);
    }

    @GET
    @WithSession
    @Operation(summary = "List your datasets, newest first")
    public Uni<List<DatasetView>> list() {
        return Dataset.<Dataset>list("owner = ?1 order by createdAt desc", owners.current())
                .map(all -> all.stream().map(DatasetResource::view).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "A dataset's columns, detected types and first rows")
    public Uni<DatasetView> get(@PathParam("id") String id) {
        return find(id, owners.current()).map(DatasetResource::view);
    }

    /** The owner's dataset, or 404 (also for another user's). */
    public static Uni<Dataset> find(String id, String owner) {
        return Dataset.<Dataset>findById(id)
                .map(
                        d -> {
                            if (d == null || !d.owner.equals(owner)) {
                                throw new NotFoundException("no dataset '" + id + "'");
                            }
                            return d;
                        });
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
