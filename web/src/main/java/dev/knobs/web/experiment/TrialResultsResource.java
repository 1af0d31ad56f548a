package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.Trial;
import dev.knobs.web.Owners;
import dev.knobs.web.Worker;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An experiment's results to take away: its trials as CSV or JSON, and each trial's whole output
 * (every attempt's), page by page or as one file. The owner's only; another user's experiment is
 * 404 as an unknown one.
 */
@Path("/api/experiments/{id}")
@Tag(name = "experiments", description = "Experiments: submit, follow, rank, cancel")
public class TrialResultsResource {
    static final int MAX_PAGE = 1 << 20;

    @Inject Submissions submissions;
    @Inject Trials trials;
    @Inject Owners owners;
    @Inject Worker worker;
    @Inject WebConfig config;
    @Inject com.fasterxml.jackson.databind.ObjectMapper mapper;

    /** One page of a trial's output: {@code next} is where the following page starts, if any. */
    public record OutputPage(String trialId, long size, long offset, String text, Long next) {}

    @GET
    @Path("/trials.csv")
    @Produces("text/csv")
    @WithSession
    @Operation(
            summary =
                    "The experiment's trials as CSV: one row each, params_* and metrics_* columns")
    public Uni<Response> csv(@PathParam("id") String id) {
        return views(id)
                .map(all -> attachment(TrialExports.csv(all), id + "-trials.csv", "text/csv"));
    }

    @GET
    @Path("/trials.json")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "The experiment's trials as a JSON file (what /trials answers)")
    public Uni<Response> json(@PathParam("id") String id) {
        return views(id)
                .map(
                        all ->
                                attachment(
                                        write(all),
                                        id + "-trials.json",
                                        MediaType.APPLICATION_JSON));
    }

    /** As the API writes it (the front's own mapper: times as ISO-8601 text). */
    private String write(List<TrialView> all) {
        try {
            return mapper.writeValueAsString(all);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write trials", e);
        }
    }

    private Uni<List<TrialView>> views(String id) {
        return submissions
                .owned(id, owners.current())
                .flatMap(s -> trials.of(id))
                .map(all -> all.stream().map(t -> ExperimentViews.trial(null, t)).toList());
    }

    private static Response attachment(String body, String file, String type) {
        return Response.ok(body, type + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .build();
    }

    @GET
    @Path("/trials/{trial}/output")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(
            summary =
                    "A trial's output (standard output and error, every attempt), a page at a time",
            description =
                    "'offset' in bytes (0: the start), 'limit' bytes at most (1 MiB); the answer's"
                            + " 'next' is where the following page starts, null at the end.")
    public Uni<OutputPage> output(
            @PathParam("id") String id,
            @PathParam("trial") String trialId,
            @QueryParam("offset") @DefaultValue("0") long offset,
            @QueryParam("limit") @DefaultValue("65536") int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException(
                    "offset must be 0 or more and limit between 1 and " + MAX_PAGE);
        }
        return trial(id, trialId).flatMap(t -> worker.call(() -> page(t, offset, limit)));
    }

    @GET
    @Path("/trials/{trial}/output.txt")
    @Produces(MediaType.TEXT_PLAIN)
    @WithSession
    @Operation(summary = "A trial's whole output as a text file")
    public Uni<Response> download(@PathParam("id") String id, @PathParam("trial") String trialId) {
        return trial(id, trialId).flatMap(t -> worker.call(() -> whole(t)));
    }

    private Response whole(Trial t) {
        if (!Files.isRegularFile(log(t))) {
            throw noOutput(t);
        }
        return Response.ok(log(t).toFile(), "text/plain; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + t.id + ".log\"")
                .build();
    }

    /** The owner's trial of the owner's experiment; 404 otherwise. */
    private Uni<Trial> trial(String id, String trialId) {
        return submissions
                .owned(id, owners.current())
                .flatMap(s -> trials.findById(trialId))
                .map(
                        t -> {
                            if (t == null || !t.experimentId.equals(id)) {
                                throw new NotFoundException(
                                        "experiment " + id + " has no trial " + trialId);
                            }
                            return t;
                        });
    }

    private java.nio.file.Path log(Trial t) {
        return config.dataDir().resolve("trials").resolve(t.id).resolve("output.log");
    }

    private static NotFoundException noOutput(Trial t) {
        return new NotFoundException(
                "no output of trial "
                        + t.id
                        + " is kept here (not started yet; on a cluster a trial's output is its"
                        + " Job's log: kubectl logs)");
    }

    private OutputPage page(Trial t, long offset, int limit) throws IOException {
        try (FileChannel file = FileChannel.open(log(t), StandardOpenOption.READ)) {
            return page(t, file, offset, limit);
        } catch (java.nio.file.NoSuchFileException e) {
            throw noOutput(t);
        }
    }

    private static OutputPage page(Trial t, FileChannel file, long offset, int limit)
            throws IOException {
        long size = file.size();
        long from = Math.min(offset, size);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(limit, size - from));
        while (buffer.hasRemaining() && file.read(buffer, from + buffer.position()) > 0) {
            // read until the page is full
        }
        int length = whole(buffer.array(), buffer.position(), from + buffer.position() < size);
        String text = new String(buffer.array(), 0, length, StandardCharsets.UTF_8);
        long end = from + length;
        return new OutputPage(t.id, size, from, text, end < size ? end : null);
    }

    /**
     * How many of {@code n} bytes end on a whole UTF-8 character: a page cut inside one leaves it
     * to the next page.
     */
    static int whole(byte[] bytes, int n, boolean more) {
        if (!more || n == 0) {
            return n;
        }
        int i = n - 1;
        int back = 0;
        while (i >= 0 && back < 3 && (bytes[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return n;
        }
        int lead = bytes[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return n - i >= need ? n : i;
    }
}
