package dev.knobs.web.model;

import dev.knobs.formats.archive.TrainerArchive;
import dev.knobs.web.Ids;
import dev.knobs.web.account.Roles;
import dev.knobs.web.artifact.ArtifactStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Upload a custom trainer as a zip archive; an experiment with algorithm {@code custom} names it
 * with a command line. On one machine the trainer runs as the platform's own user, so uploading one
 * is for administrators.
 */
@Path("/api/trainers")
@Tag(name = "trainers", description = "Custom trainer archives")
@RolesAllowed(Roles.ADMIN)
public class TrainerResource {
    @Inject ArtifactStore store;

    @POST
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a zip archive holding a trainer; answers its archiveId")
    public Response upload(@QueryParam("name") String name, byte[] body) throws IOException {
        int entries = TrainerArchive.check(body);
        String id = Ids.from(Ids.name(name, "trainer", "trainer")) + ".zip";
        store.write(ArtifactStore.Kind.TRAINERS, id, body);
        return Response.status(201).entity(Map.of("archiveId", id, "files", entries)).build();
    }
}
