package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.IntermediateResult;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.web.Owners;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An experiment's analysis, as optuna-dashboard shows one: which hyperparameters mattered (with the
 * method in a sentence), a slice per parameter, the timeline of its trials over time and slots, and
 * the intermediate values early stopping judged. SVG with a title and a description each; the
 * importances also as JSON.
 */
@Path("/api/experiments/{id}/analysis")
@Tag(name = "experiments", description = "Experiments: submit, follow, rank, cancel")
public class AnalysisResource {
    static final String SVG = "image/svg+xml";

    @Inject Submissions submissions;
    @Inject Trials trials;
    @Inject Owners owners;

    public record Importance(String parameter, double importance) {}

    public record ImportanceView(String method, List<Importance> importances) {}

    /** What the plots need: the submission's spec and the trials. */
    private record Data(ExperimentSpec spec, List<Trial> trials) {
        String metric() {
            return spec.objective().metric();
        }

        boolean maximize() {
            return spec.objective().goal() == Objective.Goal.MAXIMIZE;
        }

        List<Plots.Point> points() {
            return trials.stream()
                    .filter(t -> t.state == TrialState.SUCCEEDED && t.objectiveValue != null)
                    .map(Plots.Point::of)
                    .toList();
        }
    }

    private Uni<Data> data(String id) {
        return submissions
                .owned(id, owners.current())
                .flatMap(s -> trials.of(id).map(all -> new Data(spec(s), all)));
    }

    private static ExperimentSpec spec(Submission s) {
        return Json.read(s.payload, ExperimentSpec.class);
    }

    @GET
    @Path("/importance")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "Hyperparameter importance (PED-ANOVA), highest first, with the method")
    public Uni<ImportanceView> importance(@PathParam("id") String id) {
        return data(id).map(AnalysisResource::importances);
    }

    private static ImportanceView importances(Data d) {
        List<Plots.Point> points = d.points();
        Map<String, Double> values = Importances.of(d.spec().searchSpace(), points, d.maximize());
        List<Importance> list = new ArrayList<>();
        values.forEach((p, v) -> list.add(new Importance(p, v)));
        return new ImportanceView(
                String.format(Importances.METHOD, Importances.top(points.size()), points.size()),
                list);
    }

    @GET
    @Path("/importance.svg")
    @Produces(SVG)
    @WithSession
    @Operation(summary = "Hyperparameter importance as a bar chart (SVG)")
    public Uni<String> importanceSvg(@PathParam("id") String id) {
        return data(id).map(AnalysisResource::importances)
                .map(
                        v -> {
                            Map<String, Double> values = new LinkedHashMap<>();
                            v.importances().forEach(i -> values.put(i.parameter(), i.importance()));
                            return AnalysisPlots.importance(values, v.method());
                        });
    }

    @GET
    @Path("/slice.svg")
    @Produces(SVG)
    @WithSession
    @Operation(summary = "The objective of each succeeded trial against one parameter ('param')")
    public Uni<String> slice(@PathParam("id") String id, @QueryParam("param") String param) {
        return data(id).map(
                        d ->
                                AnalysisPlots.slice(
                                        searched(d, param, "param"), d.metric(), d.points()));
    }

    @GET
    @Path("/contour.svg")
    @Produces(SVG)
    @WithSession
    @Operation(summary = "The objective over two chosen parameters ('x' and 'y'), with the trials")
    public Uni<String> contour(
            @PathParam("id") String id, @QueryParam("x") String x, @QueryParam("y") String y) {
        return data(id).map(d -> contour(d, x, y));
    }

    private static String contour(Data d, String x, String y) {
        Parameter px = searched(d, x, "x");
        Parameter py = searched(d, y, "y");
        if (px.equals(py)) {
            throw new IllegalArgumentException("'x' and 'y' name two different parameters");
        }
        return AnalysisPlots.contour(px, py, d.metric(), d.maximize(), d.points());
    }

    /** The searched (not fixed) parameter {@code name}; 400 naming the others otherwise. */
    private static Parameter searched(Data d, String name, String query) {
        List<Parameter> searched =
                d.spec().searchSpace().parameters().stream()
                        .filter(x -> !(x instanceof Parameter.Fixed))
                        .toList();
        return searched.stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "'"
                                                + query
                                                + "' names one of the searched parameters: "
                                                + searched.stream().map(Parameter::name).toList()));
    }

    @GET
    @Path("/timeline.svg")
    @Produces(SVG)
    @WithSession
    @Operation(
            summary = "The trials over time, in the slots they ran in, coloured by how they ended")
    public Uni<String> timeline(@PathParam("id") String id) {
        Instant now = Instant.now();
        return data(id).map(d -> AnalysisPlots.timeline(runs(d.trials(), now)));
    }

    /** The trials that started, by start; one still running ends now. */
    private static List<AnalysisPlots.Run> runs(List<Trial> all, Instant now) {
        return all.stream()
                .filter(t -> t.startedAt != null)
                .sorted(java.util.Comparator.comparing(t -> t.startedAt))
                .map(
                        t ->
                                new AnalysisPlots.Run(
                                        t.number,
                                        t.state.name(),
                                        t.startedAt,
                                        t.finishedAt == null ? now : t.finishedAt))
                .toList();
    }

    @GET
    @Path("/intermediate.svg")
    @Produces(SVG)
    @WithSession
    @Operation(
            summary = "Intermediate values per trial, as early stopping judged them; pruned marked")
    public Uni<String> intermediate(@PathParam("id") String id) {
        return data(id).flatMap(
                        d ->
                                intermediates(id)
                                        .map(
                                                r ->
                                                        AnalysisPlots.intermediate(
                                                                d.metric(),
                                                                curves(d.trials(), r))));
    }

    private static Uni<List<IntermediateResult>> intermediates(String id) {
        String query = "from IntermediateResult where experimentId = ?1 order by step";
        return Panache.getSession()
                .chain(
                        s ->
                                s.createSelectionQuery(query, IntermediateResult.class)
                                        .setParameter(1, id)
                                        .getResultList());
    }

    private static List<AnalysisPlots.Curve> curves(
            List<Trial> all, List<IntermediateResult> results) {
        List<AnalysisPlots.Curve> curves = new ArrayList<>();
        for (Trial t : all) {
            List<double[]> steps = new ArrayList<>();
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (IntermediateResult r : results) {
                if (r.trialId.equals(t.id) && seen.add(r.step)) {
                    steps.add(new double[] {r.step, r.value});
                }
            }
            if (!steps.isEmpty()) {
                curves.add(new AnalysisPlots.Curve(t.number, t.state == TrialState.PRUNED, steps));
            }
        }
        return curves;
    }
}
