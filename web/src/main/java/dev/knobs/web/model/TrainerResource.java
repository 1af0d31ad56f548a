package dev.knobs.web.model;

import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.domain.wiring.SandboxSupport;
import dev.knobs.formats.archive.TrainerArchive;
import dev.knobs.web.Ids;
import dev.knobs.web.Owners;
import dev.knobs.web.account.Roles;
import dev.knobs.web.artifact.ArtifactStore;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Upload a custom trainer as a zip archive; an experiment with algorithm {@code custom} names it
 * with a command line. On one machine it runs in the sandbox (docs/adr/0020), so anyone may upload
 * one; without a sandbox it would run as the platform's own user, so only administrators may. An
 * archive is its uploader's: its id carries their mark ({@link #mark}), and an experiment of
 * someone else naming it is answered 404.
 */
@Path("/api/trainers")
@Tag(name = "trainers", description = "Custom trainer archives")
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class TrainerResource {
    @Inject ArtifactStore store;
    @Inject Owners owners;
    @Inject SecurityIdentity identity;
    @Inject AdapterSettings adapters;

    @POST
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a zip archive holding a trainer; answers its archiveId")
    public Response upload(@QueryParam("name") String name, byte[] body) throws IOException {
        return store(name, body);
    }

    @POST
    @Consumes("text/x-python")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Upload a one-file trainer (a single .py); answers its archiveId",
            description = "?file= names it (default train.py): run it with 'python3 train.py'.")
    public Response uploadScript(
            @QueryParam("name") String name, @QueryParam("file") String file, byte[] body)
            throws IOException {
        return store(name, TrainerArchive.single(file == null ? "train.py" : file, body));
    }

    private Response store(String name, byte[] body) throws IOException {
        if (adapters.mode() != AdapterSettings.Mode.CLUSTER
                && !identity.hasRole(Roles.ADMIN)
                && !SandboxSupport.available()) {
            throw new ForbiddenException(
                    SandboxSupport.MISSING
                            + ": a custom trainer would run as the platform's own user, so only"
                            + " administrators may upload one");
        }
        int entries = TrainerArchive.check(body);
        String id =
                mark(owners.current())
                        + "-"
                        + Ids.from(Ids.name(name, "trainer", "trainer"))
                        + ".zip";
        store.write(ArtifactStore.Kind.TRAINERS, id, body);
        return Response.status(201).entity(Map.of("archiveId", id, "files", entries)).build();
    }

    /** The mark of {@code owner}'s archives: the first 10 hex digits of SHA-256 of the name. */
    public static String mark(String owner) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(owner.getBytes(StandardCharsets.UTF_8));
            return "u" + HexFormat.of().formatHex(hash).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether {@code owner} may use archive {@code id}: it carries their mark (or, uploaded before
     * archives were marked, they are an administrator, who alone could upload then).
     */
    public static boolean mayUse(String id, String owner, boolean admin) {
        return id.startsWith(mark(owner) + "-") || (admin && !id.matches("u[0-9a-f]{10}-.*"));
    }
}
