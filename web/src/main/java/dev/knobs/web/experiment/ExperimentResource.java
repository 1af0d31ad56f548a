package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.space.ParsedSpace;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.CancelRequested;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.web.Owners;
import dev.knobs.web.Paging;
import dev.knobs.web.WakeUps;
import dev.knobs.web.dataset.Dataset;
import dev.knobs.web.dataset.Datasets;
import dev.knobs.web.error.ApiError;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Start an experiment, follow its progress, read its trials and its top ten. */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "experiments", description = "Hyperparameter tuning experiments")
public class ExperimentResource {
    @Inject Datasets datasets;

    /** How often the live stream looks for changes. */
    static final Duration LIVE_CHECK = Duration.ofMillis(500);

    @Inject Owners owners;
    @Inject ExperimentRequests requests;
    @Inject Submissions submissions;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject WakeUps wakeUps;
    @Inject Vertx vertx;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Start an experiment",
            description =
                    "Checks everything first: the dataset and its label column, the algorithm, "
                            + "the search space (400 with line:column problems), the objective, the budget and the resources.")
    public Uni<Response> create(ExperimentRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("the request body must be a JSON experiment");
        }
        ParsedSpace space = requests.space(request);
        String owner = owners.current();
        return Panache.withTransaction(
                        () ->
                                dataset(request, owner)
                                        .map(d -> requests.settings(request, owner, space, d))
                                        .flatMap(this::submit))
                .call(this::emitSubmitted)
                .map(
                        submitted ->
                                Response.created(URI.create("/api/experiments/" + submitted.id()))
                                        .entity(submitted.view())
                                        .build());
    }

    private Uni<Dataset> dataset(ExperimentRequest request, String owner) {
        if (request.datasetId() != null) {
            return datasets.owned(request.datasetId(), owner);
        }
        if (ExperimentRequests.needsDataset(request)) {
            throw new IllegalArgumentException("datasetId is required for a built-in algorithm");
        }
        return Uni.createFrom().nullItem();
    }

    /** A submission just stored, with the settings it holds. */
    private record Submitted(Submission row, ExperimentSpec settings) {
        String id() {
            return row.id;
        }

        ExperimentView view() {
            return ExperimentViews.submitted(row, settings);
        }
    }

    private Uni<Submitted> submit(ExperimentSpec settings) {
        Submission s = new Submission();
        s.id = settings.experimentId();
        s.owner = settings.owner();
        s.name = settings.name();
        s.payload = Json.write(settings);
        s.createdAt = Instant.now();
        return submissions.persist(s).map(saved -> new Submitted(saved, settings));
    }

    /** Tells the functions, once the submission is committed. */
    private Uni<Void> emitSubmitted(Submitted submitted) {
        String id = submitted.id();
        return wakeUps.emit(
                new KnobsEvent<>(
                        EventIds.uploadReceived(id),
                        EventSources.WEB,
                        id,
                        new UploadReceived(id, submitted.row().owner, submitted.row().name)));
    }

    @GET
    @WithSession
    @Operation(
            summary = "List your experiments, newest first ('q' searches names and ids)",
            description = "Paged by 'limit' (100) and 'offset'; X-Total-Count: how many match.")
    public Uni<RestResponse<List<ExperimentView>>> list(@BeanParam Paging paging) {
        return paging.of(
                submissions, owners.current(), "createdAt desc", this::views, "name", "id");
    }

    /** Two queries, not one per experiment. */
    private Uni<List<ExperimentView>> views(List<Submission> subs) {
        return experiments
                .list("id in ?1", subs.stream().map(s -> s.id).toList())
                .map(all -> views(subs, all));
    }

    private static List<ExperimentView> views(List<Submission> subs, List<Experiment> all) {
        Map<String, Experiment> byId = new HashMap<>();
        all.forEach(e -> byId.put(e.id, e));
        return subs.stream().map(s -> ExperimentViews.of(s, byId.get(s.id))).toList();
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "An experiment's status, progress, best trial and model endpoint")
    public Uni<ExperimentView> get(@PathParam("id") String id) {
        return view(id, owners.current());
    }

    private Uni<ExperimentView> view(String id, String owner) {
        return submissions
                .owned(id, owner)
                .flatMap(s -> experiments.findById(id).map(e -> ExperimentViews.of(s, e)));
    }

    @GET
    @Path("/{id}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Live updates (server-sent events): the experiment's view whenever it changes",
            description =
                    "The first event is the current view; the stream ends after the view in which"
                            + " the experiment has ended.")
    @OwnExperiment // 404 before the stream starts, for an unknown id or another user's
    public Multi<ExperimentView> live(@PathParam("id") String id) {
        String owner = owners.current();
        AtomicReference<String> last = new AtomicReference<>();
        AtomicBoolean ended = new AtomicBoolean();
        // the timer fires on this request's context, where the reactive session may run
        return vertx.periodicStream(LIVE_CHECK.toMillis())
                .toMulti()
                .onOverflow()
                .drop()
                .onItem()
                .transformToUniAndConcatenate(tick -> Panache.withSession(() -> view(id, owner)))
                // up to and including the first view of the ended experiment
                .select()
                .first(v -> !ended.getAndSet(ended(v)))
                .select()
                .where(
                        v -> {
                            String now = Json.write(v);
                            return !now.equals(last.getAndSet(now));
                        });
    }

    private static boolean ended(ExperimentView v) {
        return !v.status().equals(ExperimentViews.SUBMITTED)
                && !v.status().equals(ExperimentViews.EXTENDING)
                && ExperimentStatus.valueOf(v.status()).ended();
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(
            summary = "Cancel a running experiment",
            description =
                    "202: its trials are being stopped and nothing will be published; 409 when it"
                            + " is not running (still being set up, publishing or ended)")
    public Uni<Response> cancel(@PathParam("id") String id) {
        String owner = owners.current();
        return Panache.withSession(
                        () ->
                                submissions
                                        .owned(id, owner)
                                        .flatMap(
                                                s ->
                                                        experiments
                                                                .findById(id)
                                                                .map(e -> new Found(s, e))))
                .flatMap(found -> cancel(found.submission(), found.experiment()));
    }

    /** A submission and its experiment, when the functions made one. */
    private record Found(Submission submission, Experiment experiment) {}

    private Uni<Response> cancel(Submission s, Experiment e) {
        if (e == null) {
            return Uni.createFrom()
                    .item(
                            ApiError.response(
                                    409,
                                    "experiment '"
                                            + s.id
                                            + "' is still being set up; cancel it in a moment"));
        }
        if (e.status != ExperimentStatus.RUNNING) {
            return Uni.createFrom()
                    .item(
                            ApiError.response(
                                    409,
                                    "experiment '"
                                            + s.id
                                            + "' is "
                                            + e.status.name().toLowerCase(Locale.ROOT)
                                            + ", not running"));
        }
        KnobsEvent<CancelRequested> event =
                new KnobsEvent<>(
                        EventIds.cancelRequested(s.id, s.extensions),
                        EventSources.WEB,
                        s.id,
                        new CancelRequested(s.id, s.owner));
        ExperimentView view = ExperimentViews.of(s, e);
        // the owner's request is the authority the functions act on, recorded first
        return Panache.withTransaction(
                        () ->
                                submissions.update(
                                        "cancelRequestedAt = ?1 where id = ?2 and"
                                                + " cancelRequestedAt is null",
                                        Instant.now(),
                                        s.id))
                .chain(() -> wakeUps.emit(event))
                .replaceWith(Response.accepted(view).build());
    }

    @GET
    @Path("/{id}/trials")
    @WithSession
    @Operation(summary = "All trials of an experiment, by number")
    public Uni<List<TrialView>> trials(@PathParam("id") String id) {
        return submissions
                .owned(id, owners.current())
                .flatMap(s -> trials.of(id))
                .map(all -> all.stream().map(t -> ExperimentViews.trial(null, t)).toList());
    }

    @GET
    @Path("/{id}/plots/{plot}")
    @Produces("image/svg+xml")
    @WithSession
    @Operation(
            summary = "An experiment's plots as SVG",
            description =
                    "'history.svg': the objective by trial with the best so far; "
                            + "'parallel-coordinates.svg': every succeeded trial across its parameters")
    public Uni<Response> plot(@PathParam("id") String id, @PathParam("plot") String plot) {
        if (!plot.equals("history.svg") && !plot.equals("parallel-coordinates.svg")) {
            throw new NotFoundException(
                    "no plot '" + plot + "'; there are history.svg and parallel-coordinates.svg");
        }
        return submissions
                .owned(id, owners.current())
                .flatMap(s -> trials.succeeded(id).map(all -> plot(plot, s, all)));
    }

    private static Response plot(String plot, Submission s, List<Trial> succeeded) {
        ExperimentSpec u = Json.read(s.payload, ExperimentSpec.class);
        boolean max = u.objective().goal() == Objective.Goal.MAXIMIZE;
        List<Plots.Point> points =
                succeeded.stream()
                        .filter(t -> t.objectiveValue != null)
                        .map(Plots.Point::of)
                        .toList();
        String metric = u.objective().metric();
        String svg =
                plot.equals("history.svg")
                        ? Plots.history(metric, max, points)
                        : Plots.parallelCoordinates(metric, max, u.searchSpace(), points);
        return Response.ok(svg, "image/svg+xml").header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/{id}/leaderboard")
    @WithSession
    @Operation(
            summary =
                    "The best succeeded trials, best first: the top ten unless 'limit' asks for more")
    public Uni<List<TrialView>> leaderboard(
            @PathParam("id") String id, @QueryParam("limit") @DefaultValue("10") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000");
        }
        return submissions
                .owned(id, owners.current())
                .flatMap(s -> experiments.findById(id))
                .flatMap(
                        e ->
                                e == null
                                        ? Uni.createFrom().item(List.<Trial>of())
                                        : trials.leaderboard(e, limit))
                .map(ExperimentResource::ranked);
    }

    private static List<TrialView> ranked(List<Trial> top) {
        List<TrialView> ranked = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            ranked.add(ExperimentViews.trial(i + 1, top.get(i)));
        }
        return ranked;
    }
}
