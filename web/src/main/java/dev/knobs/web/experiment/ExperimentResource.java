package dev.knobs.web.experiment;

import dev.knobs.domain.Blocking;
import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.domain.space.ParsedSpace;
import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.domain.space.SearchSpaces;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.CancelRequested;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.eventing.publish.EventPublisher;
import dev.knobs.trainer.train.BuiltinAlgorithm;
import dev.knobs.web.Ids;
import dev.knobs.web.Owners;
import dev.knobs.web.account.Roles;
import dev.knobs.web.artifact.ArtifactStore;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.dataset.Dataset;
import dev.knobs.web.dataset.DatasetProfile;
import dev.knobs.web.dataset.DatasetResource;
import dev.knobs.web.error.ApiError;
import dev.knobs.web.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Start an experiment, follow its progress, read its trials and its top ten. */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "experiments", description = "Hyperparameter tuning experiments")
public class ExperimentResource {
    @Inject Owners owners;
    @Inject SecurityIdentity identity;

    static final Set<String> CLASSIFICATION_METRICS = Set.of("accuracy", "macro_f1", "logloss");
    static final Set<String> REGRESSION_METRICS = Set.of("rmse", "mae", "r2");
    static final String CUSTOM = "custom";

    @Inject EventPublisher publisher;
    @Inject WebConfig config;
    @Inject ArtifactStore store;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(
            summary = "Start an experiment",
            description =
                    "Checks everything first: the dataset and its label column, the algorithm, "
                            + "the search space (400 with line:column problems), the objective, the budget and the resources.")
    public Uni<Response> create(ExperimentRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("the request body must be a JSON experiment");
        }
        String algorithm = request.algorithm() == null ? "xgboost" : request.algorithm().trim();
        boolean custom = CUSTOM.equals(algorithm);
        ParsedSpace parsed = space(request);
        SearchSpace space = parsed.space();
        if (!custom) {
            checkHyperparameters(algorithm, space);
        }
        Uni<Dataset> dataset =
                request.datasetId() == null
                        ? (custom
                                ? Uni.createFrom().nullItem()
                                : Uni.createFrom()
                                        .failure(
                                                new IllegalArgumentException(
                                                        "datasetId is required for a built-in algorithm")))
                        : DatasetResource.find(request.datasetId(), owners.current());
        return dataset.flatMap(
                d -> {
                    UploadReceived upload = upload(request, algorithm, parsed, d);
                    Submission s = new Submission();
                    s.id = upload.experimentId();
                    s.owner = upload.owner();
                    s.name = upload.name();
                    s.payload = Json.write(upload);
                    s.createdAt = Instant.now();
                    KnobsEvent<UploadReceived> event =
                            new KnobsEvent<>(
                                    EventIds.uploadReceived(s.id), EventSources.WEB, s.id, upload);
                    return s.persist()
                            .chain(
                                    () ->
                                            Blocking.call(
                                                    () -> {
                                                        publisher.publish(event);
                                                        return s;
                                                    }))
                            .map(
                                    saved ->
                                            Response.created(URI.create("/api/experiments/" + s.id))
                                                    .entity(submitted(s, upload))
                                                    .build());
                });
    }

    private static ParsedSpace space(ExperimentRequest request) {
        boolean text = request.searchSpace() != null && !request.searchSpace().isBlank();
        if (text == (request.searchSpaceJson() != null)) {
            throw new IllegalArgumentException(
                    "give the search space once: as text in 'searchSpace' or as JSON in 'searchSpaceJson'");
        }
        return text
                ? SearchSpaceParser.parseWithSettings(request.searchSpace())
                : SearchSpaces.fromJsonWithSettings(request.searchSpaceJson().toString());
    }

    private static void checkHyperparameters(String algorithm, SearchSpace space) {
        BuiltinAlgorithm builtin = BuiltinAlgorithm.named(algorithm);
        Set<String> unknown = new TreeSet<>();
        for (Parameter p : space.parameters()) {
            if (!builtin.hyperparameters().contains(p.name())) {
                unknown.add(p.name());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "algorithm '"
                            + builtin.name()
                            + "' has no hyperparameter "
                            + String.join(", ", unknown)
                            + "; it accepts "
                            + String.join(", ", new TreeSet<>(builtin.hyperparameters())));
        }
    }

    private UploadReceived upload(
            ExperimentRequest r, String algorithm, ParsedSpace parsed, Dataset d) {
        String name =
                r.name() == null || r.name().isBlank()
                        ? (d == null ? "experiment" : d.name)
                        : r.name().trim();
        DatasetRef dataset = null;
        ExperimentRequest.ObjectiveRequest wanted = r.objective();
        Objective objective =
                wanted == null || wanted.metric() == null || wanted.goal() == null
                        ? null
                        : new Objective(wanted.metric(), wanted.goal(), wanted.target());
        if (d != null) {
            DatasetProfile profile = DatasetResource.profileOf(d);
            if (r.labelColumn() == null || r.labelColumn().isBlank()) {
                throw new IllegalArgumentException(
                        "labelColumn is required: which column holds what to predict? The columns are "
                                + String.join(
                                        ", ",
                                        profile.columns().stream()
                                                .map(DatasetProfile.Column::name)
                                                .toList()));
            }
            if (!profile.hasColumn(r.labelColumn())) {
                throw new IllegalArgumentException(
                        "dataset '"
                                + d.name
                                + "' has no column '"
                                + r.labelColumn()
                                + "'; the columns are "
                                + String.join(
                                        ", ",
                                        profile.columns().stream()
                                                .map(DatasetProfile.Column::name)
                                                .toList()));
            }
            dataset = new DatasetRef(d.id, artifactUrl("datasets", d.id), r.labelColumn());
            if (!CUSTOM.equals(algorithm)) {
                objective = builtinObjective(wanted, profile, r.labelColumn());
            }
        }
        if (objective == null) {
            throw new IllegalArgumentException(
                    "objective is required for a custom trainer: the metric it reports and MINIMIZE or MAXIMIZE"
                            + " (goal)");
        }
        CustomTrainer trainer = null;
        if (CUSTOM.equals(algorithm)) {
            trainer = customTrainer(r.trainer());
        } else if (r.trainer() != null) {
            throw new IllegalArgumentException("'trainer' goes with algorithm 'custom' only");
        }
        String asked =
                blank(r.searchAlgorithm())
                        ? null
                        : r.searchAlgorithm().trim().toLowerCase(Locale.ROOT);
        if (asked != null && !ParsedSpace.SEARCH_ALGORITHMS.contains(asked)) {
            throw new IllegalArgumentException(
                    "searchAlgorithm must be random, grid or tpe, not '"
                            + r.searchAlgorithm()
                            + "'");
        }
        String searchAlgorithm =
                agreed("searchAlgorithm", asked, parsed.searchAlgorithm(), "random");
        EarlyStopping earlyStopping = r.earlyStopping();
        if (parsed.earlyStopping() != null) {
            agreed(
                    "earlyStopping",
                    earlyStopping == null ? null : earlyStopping.rule(),
                    parsed.earlyStopping(),
                    EarlyStopping.Rule.NONE);
            if (earlyStopping == null) {
                earlyStopping = EarlyStopping.of(parsed.earlyStopping());
            }
        }
        return new UploadReceived(
                Ids.from(name),
                owners.current(),
                name,
                dataset,
                algorithm,
                trainer,
                parsed.space(),
                searchAlgorithm,
                r.seed() == null ? 42 : r.seed(),
                objective,
                r.budget() == null ? ExperimentRequest.DEFAULT_BUDGET : r.budget(),
                r.resources() == null ? ExperimentRequest.DEFAULT_RESOURCES : r.resources(),
                earlyStopping);
    }

    /**
     * A setting given in the request, in the space, or both (then they must agree); {@code
     * otherwise} when neither says.
     */
    private static <T> T agreed(String field, T inRequest, T inSpace, T otherwise) {
        if (inRequest != null && inSpace != null && !inRequest.equals(inSpace)) {
            throw new IllegalArgumentException(
                    "'"
                            + field
                            + "' says "
                            + inRequest.toString().toLowerCase(Locale.ROOT)
                            + " but the search space says "
                            + inSpace.toString().toLowerCase(Locale.ROOT)
                            + "; choose it once");
        }
        return inRequest != null ? inRequest : inSpace != null ? inSpace : otherwise;
    }

    private CustomTrainer customTrainer(ExperimentRequest.CustomTrainerRequest t) {
        boolean cluster = !"embedded".equals(config.mode());
        if (t == null || (blank(t.command()) && blank(t.image()))) {
            throw new IllegalArgumentException(
                    "a custom trainer needs 'trainer': {archiveId, command} on one machine, "
                            + "or {image, command (optional), pullSecret (optional)} on a cluster");
        }
        if (cluster && blank(t.image())) {
            throw new IllegalArgumentException(
                    "on a cluster a custom trainer is an image: give 'trainer.image'");
        }
        if (!cluster && !blank(t.image())) {
            throw new IllegalArgumentException(
                    "images run on a cluster; on one machine upload a zip archive (POST /api/trainers) "
                            + "and give 'trainer.archiveId' and 'trainer.command'");
        }
        if (!cluster && !identity.hasRole(Roles.ADMIN)) {
            throw new ForbiddenException(
                    "on one machine a custom trainer runs as the platform's own user, so only"
                            + " administrators may start one");
        }
        String archive = null;
        if (t.archiveId() != null) {
            store.find(ArtifactStore.Kind.TRAINERS, t.archiveId())
                    .orElseThrow(
                            () ->
                                    new NotFoundException(
                                            "no trainer archive '" + t.archiveId() + "'"));
            archive = artifactUrl("trainers", t.archiveId());
        }
        return new CustomTrainer(
                archive,
                blank(t.command()) ? null : t.command(),
                blank(t.image()) ? null : t.image(),
                blank(t.pullSecret()) ? null : t.pullSecret());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * The objective for a built-in algorithm: by default accuracy (classification) or rmse
     * (regression).
     */
    private static Objective builtinObjective(
            ExperimentRequest.ObjectiveRequest given, DatasetProfile profile, String label) {
        DatasetProfile.Column column =
                profile.columns().stream()
                        .filter(c -> c.name().equals(label))
                        .findFirst()
                        .orElseThrow();
        boolean regression = column.type().equals("numeric") && column.distinct() > 10;
        Set<String> allowed = regression ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
        Double target = given == null ? null : given.target();
        if (given == null || given.metric() == null) {
            return regression
                    ? new Objective("rmse", Objective.Goal.MINIMIZE, target)
                    : new Objective("accuracy", Objective.Goal.MAXIMIZE, target);
        }
        if (!allowed.contains(given.metric())) {
            throw new IllegalArgumentException(
                    "'"
                            + label
                            + "' makes this a "
                            + (regression ? "regression" : "classification")
                            + " task; its metrics are "
                            + String.join(", ", new TreeSet<>(allowed)));
        }
        Objective.Goal goal = given.goal() != null ? given.goal() : defaultGoal(given.metric());
        return new Objective(given.metric(), goal, target);
    }

    /** Accuracy-like metrics grow, error-like ones shrink. */
    private static Objective.Goal defaultGoal(String metric) {
        return Set.of("accuracy", "macro_f1", "r2").contains(metric)
                ? Objective.Goal.MAXIMIZE
                : Objective.Goal.MINIMIZE;
    }

    private String artifactUrl(String kind, String id) {
        return config.publicUrl().resolve("/api/artifacts/" + kind + "/" + id).toString();
    }

    @GET
    @WithSession
    @Operation(summary = "List your experiments, newest first")
    public Uni<List<ExperimentView>> list() {
        // two queries, not one per experiment
        return Submission.<Submission>list("owner = ?1 order by createdAt desc", owners.current())
                .flatMap(
                        subs ->
                                Experiment.<Experiment>list("owner = ?1", owners.current())
                                        .map(
                                                experiments -> {
                                                    Map<String, Experiment> byId =
                                                            new java.util.HashMap<>();
                                                    experiments.forEach(e -> byId.put(e.id, e));
                                                    return subs.stream()
                                                            .map(sub -> view(sub, byId.get(sub.id)))
                                                            .toList();
                                                }));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "An experiment's status, progress, best trial and model endpoint")
    public Uni<ExperimentView> get(@PathParam("id") String id) {
        return submission(id).flatMap(this::view);
    }

    private static final Set<String> ENDED =
            Set.of(
                    ExperimentStatus.SUCCEEDED.name(),
                    ExperimentStatus.FAILED.name(),
                    ExperimentStatus.CANCELLED.name());

    /** How often the live stream looks for changes. */
    static final Duration LIVE_CHECK = Duration.ofMillis(500);

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
        Context context = Vertx.currentContext();
        AtomicReference<String> last = new AtomicReference<>();
        AtomicBoolean ended = new AtomicBoolean();
        return Multi.createFrom()
                .ticks()
                .startingAfter(Duration.ofMillis(1))
                .every(LIVE_CHECK)
                .onOverflow()
                .drop()
                .onItem()
                .transformToUniAndConcatenate(
                        tick ->
                                onContext(
                                        context,
                                        () ->
                                                Panache.withSession(
                                                        () ->
                                                                submission(id, owner)
                                                                        .flatMap(this::view))))
                // up to and including the first view of the ended experiment
                .select()
                .first(
                        v -> {
                            boolean more = !ended.get();
                            ended.set(ENDED.contains(v.status()));
                            return more;
                        })
                .select()
                .where(
                        v -> {
                            String now = Json.write(v);
                            return !now.equals(last.getAndSet(now));
                        });
    }

    /** Runs {@code work} on the request's Vert.x context, where Hibernate Reactive may run. */
    private static <T> Uni<T> onContext(Context context, Supplier<Uni<T>> work) {
        return Uni.createFrom()
                .emitter(
                        e ->
                                context.runOnContext(
                                        v -> work.get().subscribe().with(e::complete, e::fail)));
    }

    @POST
    @Path("/{id}/cancel")
    @WithSession
    @Operation(
            summary = "Cancel a running experiment",
            description =
                    "202: its trials are being stopped and nothing will be published; 409 when it"
                            + " is not running (still being set up, publishing or ended)")
    public Uni<Response> cancel(@PathParam("id") String id) {
        return submission(id)
                .flatMap(
                        s ->
                                Experiment.<Experiment>findById(id)
                                        .flatMap(
                                                e -> {
                                                    if (e == null
                                                            || e.status
                                                                    != ExperimentStatus.RUNNING) {
                                                        return Uni.createFrom()
                                                                .item(
                                                                        ApiError.response(
                                                                                409,
                                                                                e == null
                                                                                        ? "experiment '"
                                                                                                + id
                                                                                                + "' is still being set up; cancel it in a moment"
                                                                                        : "experiment '"
                                                                                                + id
                                                                                                + "' is "
                                                                                                + e.status
                                                                                                        .name()
                                                                                                        .toLowerCase(
                                                                                                                Locale
                                                                                                                        .ROOT)
                                                                                                + ", not running"));
                                                    }
                                                    KnobsEvent<CancelRequested> event =
                                                            new KnobsEvent<>(
                                                                    EventIds.cancelRequested(id),
                                                                    EventSources.WEB,
                                                                    id,
                                                                    new CancelRequested(
                                                                            id, s.owner));
                                                    return Blocking.call(
                                                                    () -> {
                                                                        publisher.publish(event);
                                                                        return event;
                                                                    })
                                                            .map(
                                                                    sent ->
                                                                            Response.accepted(
                                                                                            view(
                                                                                                    s,
                                                                                                    e))
                                                                                    .build());
                                                }));
    }

    @GET
    @Path("/{id}/trials")
    @WithSession
    @Operation(summary = "All trials of an experiment, by number")
    public Uni<List<TrialView>> trials(@PathParam("id") String id) {
        return submission(id)
                .flatMap(s -> Trial.<Trial>list("experimentId = ?1 order by number", id))
                .map(trials -> trials.stream().map(t -> trialView(null, t)).toList());
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
        return submission(id)
                .flatMap(
                        s ->
                                Trial.<Trial>list(
                                                "experimentId = ?1 and state = ?2 order by number",
                                                id,
                                                TrialState.SUCCEEDED)
                                        .map(
                                                trials -> {
                                                    UploadReceived u =
                                                            Json.read(
                                                                    s.payload,
                                                                    UploadReceived.class);
                                                    boolean max =
                                                            u.objective().goal()
                                                                    == Objective.Goal.MAXIMIZE;
                                                    List<Plots.Point> points =
                                                            trials.stream()
                                                                    .filter(
                                                                            t ->
                                                                                    t.objectiveValue
                                                                                            != null)
                                                                    .map(
                                                                            t ->
                                                                                    new Plots.Point(
                                                                                            t.number,
                                                                                            Json
                                                                                                    .read(
                                                                                                            t.parameters,
                                                                                                            Json
                                                                                                                    .VALUES),
                                                                                            t.objectiveValue))
                                                                    .toList();
                                                    String metric = u.objective().metric();
                                                    String svg =
                                                            plot.equals("history.svg")
                                                                    ? Plots.history(
                                                                            metric, max, points)
                                                                    : Plots.parallelCoordinates(
                                                                            metric,
                                                                            max,
                                                                            u.searchSpace(),
                                                                            points);
                                                    return Response.ok(svg, "image/svg+xml")
                                                            .header("Cache-Control", "no-store")
                                                            .build();
                                                }));
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
        return submission(id)
                .flatMap(s -> Experiment.<Experiment>findById(id))
                .flatMap(
                        e -> {
                            if (e == null) {
                                return Uni.createFrom().item(List.<TrialView>of());
                            }
                            String order = e.maximize ? "desc" : "asc";
                            return Trial.<Trial>find(
                                            "experimentId = ?1 and state = ?2 order by objectiveValue "
                                                    + order
                                                    + ", number",
                                            id,
                                            TrialState.SUCCEEDED)
                                    .page(0, limit)
                                    .list()
                                    .map(
                                            top -> {
                                                List<TrialView> ranked = new ArrayList<>();
                                                for (int i = 0; i < top.size(); i++) {
                                                    ranked.add(trialView(i + 1, top.get(i)));
                                                }
                                                return ranked;
                                            });
                        });
    }

    Uni<Submission> submission(String id) {
        return submission(id, owners.current());
    }

    /** The owner's submission, or 404 (also for another user's). */
    static Uni<Submission> submission(String id, String owner) {
        return Submission.<Submission>findById(id)
                .map(
                        s -> {
                            if (s == null || !s.owner.equals(owner)) {
                                throw new NotFoundException("no experiment '" + id + "'");
                            }
                            return s;
                        });
    }

    private Uni<ExperimentView> view(Submission s) {
        return Experiment.<Experiment>findById(s.id).map(e -> view(s, e));
    }

    /** The view of a submission, and of its experiment once the functions made one (else null). */
    private static ExperimentView view(Submission s, Experiment e) {
        UploadReceived upload = Json.read(s.payload, UploadReceived.class);
        return e == null ? submitted(s, upload) : running(e, upload);
    }

    private static ExperimentView submitted(Submission s, UploadReceived u) {
        return new ExperimentView(
                s.id,
                s.name,
                "SUBMITTED",
                u.algorithm(),
                u.searchAlgorithm(),
                SearchSpaces.describe(u.searchSpace()),
                u.objective(),
                u.budget(),
                u.resources(),
                u.earlyStopping(),
                new ExperimentView.Progress(u.budget().maxTrials(), 0, 0, 0, 0, 0, 0, 0, 0),
                null,
                null,
                null,
                s.createdAt,
                null);
    }

    private static ExperimentView running(Experiment e, UploadReceived u) {
        ExperimentView.Progress progress =
                new ExperimentView.Progress(
                        u.budget().maxTrials(),
                        e.trialsRequested,
                        Math.min(e.trialsRunning(), u.budget().parallelTrials()),
                        Math.max(0, e.trialsRunning() - u.budget().parallelTrials()),
                        e.trialsFinished,
                        e.trialsFinished - e.trialsFailed - e.trialsPruned - e.trialsStopped,
                        e.trialsFailed,
                        e.trialsPruned,
                        e.trialsStopped);
        ExperimentView.Best best =
                e.bestTrialId == null ? null : new ExperimentView.Best(e.bestTrialId, e.bestValue);
        ExperimentView.Model model =
                e.modelUrl == null ? null : new ExperimentView.Model(e.modelName, e.modelUrl);
        return new ExperimentView(
                e.id,
                e.name,
                e.status.name(),
                u.algorithm(),
                u.searchAlgorithm(),
                SearchSpaces.describe(u.searchSpace()),
                u.objective(),
                u.budget(),
                u.resources(),
                u.earlyStopping(),
                progress,
                best,
                e.stopReason,
                model,
                e.createdAt,
                e.finishedAt);
    }

    static TrialView trialView(Integer rank, Trial t) {
        Map<String, Object> parameters = Json.read(t.parameters, Json.VALUES);
        Map<String, Double> metrics = t.metrics == null ? null : Json.read(t.metrics, Json.NUMBERS);
        return new TrialView(
                rank,
                t.id,
                t.number,
                t.state.name(),
                parameters,
                metrics,
                t.lastStep,
                t.objectiveValue,
                t.reason,
                t.exitCode,
                t.logTail,
                t.startedAt,
                t.finishedAt);
    }
}
