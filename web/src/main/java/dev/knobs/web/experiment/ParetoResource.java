package dev.knobs.web.experiment;

import static dev.knobs.web.experiment.Plots.BOTTOM;
import static dev.knobs.web.experiment.Plots.HEIGHT;
import static dev.knobs.web.experiment.Plots.LEFT;
import static dev.knobs.web.experiment.Plots.RIGHT;
import static dev.knobs.web.experiment.Plots.TOP;
import static dev.knobs.web.experiment.Plots.WIDTH;

import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.Leaderboard;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.web.Owners;
import dev.knobs.web.error.ConflictException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Pareto front of an experiment with two objectives: the succeeded trials no other trial beats
 * on both, and which of them the publishing rule picks (docs/adr/0021). Its owner's only; 404 for
 * anyone else, 409 for an experiment with one objective.
 */
@Path("/api/experiments/{id}")
@Tag(name = "experiments", description = "Experiments: submit, follow, rank, cancel")
public class ParetoResource {
    @Inject Submissions submissions;
    @Inject Trials trials;
    @Inject Owners owners;

    /** One trial on the front: its values of both objectives and whether it is the pick. */
    public record FrontTrial(
            int number,
            String trialId,
            double value,
            double secondValue,
            boolean published,
            Map<String, Object> parameters) {}

    /**
     * The front, best first on the first objective; {@code published} the number of the trial the
     * rule picks (the one published when the experiment ends), {@code rule} the rule in a sentence.
     */
    public record FrontView(
            Objective objective,
            Objective secondObjective,
            double publishWithin,
            String rule,
            Integer published,
            int succeeded,
            List<FrontTrial> front) {}

    /** The owner's experiment's spec and succeeded trials. */
    private record Data(ExperimentSpec spec, List<Trial> succeeded) {}

    private Uni<Data> data(String id) {
        return submissions
                .owned(id, owners.current())
                .map(s -> Json.read(s.payload, ExperimentSpec.class))
                .map(
                        spec -> {
                            if (!spec.twoObjectives()) {
                                throw new ConflictException(
                                        "experiment "
                                                + id
                                                + " has one objective ("
                                                + spec.objective().metric()
                                                + "), so no Pareto front; name two, e.g."
                                                + " 'maximize accuracy, minimize latency_ms'");
                            }
                            return spec;
                        })
                .flatMap(spec -> trials.succeeded(id).map(all -> new Data(spec, all)));
    }

    @GET
    @Path("/pareto-front")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(
            summary = "The Pareto front of an experiment with two objectives",
            description =
                    "The succeeded trials no other trial beats on both objectives, best first on"
                            + " the first; 'published' is the trial the publishing rule picks: of"
                            + " the front, the best on the second objective among those within"
                            + " 'publishWithin' (a share) of the best first-objective value.")
    public Uni<FrontView> front(@PathParam("id") String id) {
        return data(id).map(ParetoResource::view);
    }

    static FrontView view(Data d) {
        ExperimentSpec spec = d.spec();
        Trial pick = Leaderboard.published(d.succeeded(), spec);
        List<FrontTrial> front =
                Leaderboard.front(d.succeeded(), spec).stream()
                        .map(
                                t ->
                                        new FrontTrial(
                                                t.number,
                                                t.id,
                                                t.objectiveValue,
                                                Leaderboard.secondValue(t, spec),
                                                t == pick,
                                                Json.read(t.parameters, Json.VALUES)))
                        .toList();
        return new FrontView(
                spec.objective(),
                spec.secondObjective(),
                spec.publishWithin(),
                rule(spec),
                pick == null ? null : pick.number,
                d.succeeded().size(),
                front);
    }

    /** The publishing rule, said for this experiment's objectives. */
    static String rule(ExperimentSpec spec) {
        return "of the front, the trial with the "
                + (spec.secondObjective().goal() == Objective.Goal.MAXIMIZE
                        ? "highest "
                        : "lowest ")
                + spec.secondObjective().metric()
                + " among those whose "
                + spec.objective().metric()
                + " is within "
                + Plots.number(spec.publishWithin() * 100)
                + " % of the best "
                + spec.objective().metric()
                + "; ties go to the earlier trial";
    }

    @GET
    @Path("/pareto-front.svg")
    @Produces(AnalysisResource.SVG)
    @WithSession
    @Operation(summary = "Both objectives of every succeeded trial, the Pareto front joined (SVG)")
    public Uni<String> svg(@PathParam("id") String id) {
        return data(id).map(ParetoResource::plot);
    }

    static String plot(Data d) {
        ExperimentSpec spec = d.spec();
        String x = spec.objective().metric();
        String y = spec.secondObjective().metric();
        FrontView view = view(d);
        StringBuilder svg =
                Plots.open(
                        "Pareto front: " + x + " and " + y,
                        d.succeeded().size()
                                + " succeeded trials, "
                                + view.front().size()
                                + " on the front (joined)"
                                + (view.published() == null
                                        ? ""
                                        : "; trial " + view.published() + " is published")
                                + ". Better is "
                                + direction(spec.objective(), "right", "left")
                                + " and "
                                + direction(spec.secondObjective(), "up", "down")
                                + ".");
        if (d.succeeded().isEmpty()) {
            return Plots.empty(svg);
        }
        double[] xs = d.succeeded().stream().mapToDouble(t -> t.objectiveValue).toArray();
        double[] ys =
                d.succeeded().stream().mapToDouble(t -> Leaderboard.secondValue(t, spec)).toArray();
        Plots.Scale sx = Plots.Scale.padded(min(xs), max(xs), LEFT, WIDTH - RIGHT);
        Plots.Scale sy = Plots.Scale.padded(min(ys), max(ys), HEIGHT - BOTTOM, TOP);
        Plots.line(svg, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333");
        Plots.line(svg, LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333");
        Plots.label(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, x, "middle", true);
        Plots.label(svg, 12, TOP - 12, y, "start", true);
        Plots.label(svg, LEFT - 6, sy.at(max(ys)) + 4, Plots.number(max(ys)), "end", false);
        Plots.label(svg, LEFT - 6, sy.at(min(ys)) + 4, Plots.number(min(ys)), "end", false);
        Plots.label(
                svg, sx.at(min(xs)), HEIGHT - BOTTOM + 16, Plots.number(min(xs)), "middle", false);
        Plots.label(
                svg, sx.at(max(xs)), HEIGHT - BOTTOM + 16, Plots.number(max(xs)), "middle", false);
        List<FrontTrial> front =
                view.front().stream()
                        .sorted(java.util.Comparator.comparingDouble(FrontTrial::value))
                        .toList();
        svg.append(
                        "<polyline class=\"front\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.5\" points=\"")
                .append(
                        front.stream()
                                .map(
                                        f ->
                                                Plots.fmt(sx.at(f.value()))
                                                        + ","
                                                        + Plots.fmt(sy.at(f.secondValue())))
                                .collect(Collectors.joining(" ")))
                .append("\"/>\n");
        Set<Integer> onFront =
                view.front().stream().map(FrontTrial::number).collect(Collectors.toSet());
        for (int i = 0; i < d.succeeded().size(); i++) {
            Trial t = d.succeeded().get(i);
            boolean member = onFront.contains(t.number);
            boolean published = view.published() != null && view.published() == t.number;
            double second = ys[i];
            svg.append("<circle class=\"")
                    .append(published ? "trial published" : member ? "trial front" : "trial")
                    .append("\" r=\"")
                    .append(published ? "6" : "3.5")
                    .append("\" fill=\"")
                    .append(published ? "#27ae60" : member ? "#c0392b" : "#2c6fbb")
                    .append("\" cx=\"")
                    .append(Plots.fmt(sx.at(t.objectiveValue)))
                    .append("\" cy=\"")
                    .append(Plots.fmt(sy.at(second)))
                    .append("\"><title>trial ")
                    .append(t.number)
                    .append(": ")
                    .append(Plots.escape(x))
                    .append(' ')
                    .append(Plots.number(t.objectiveValue))
                    .append(", ")
                    .append(Plots.escape(y))
                    .append(' ')
                    .append(Plots.number(second))
                    .append(published ? " (published)" : member ? " (on the front)" : "")
                    .append("</title></circle>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static String direction(Objective o, String up, String down) {
        return o.goal() == Objective.Goal.MAXIMIZE ? up : down;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).min().orElse(0);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).max().orElse(1);
    }
}
