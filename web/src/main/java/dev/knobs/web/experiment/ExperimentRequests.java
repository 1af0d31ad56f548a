package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.space.Grids;
import dev.knobs.domain.space.ParsedSpace;
import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.domain.space.SearchSpaces;
import dev.knobs.domain.space.Vocabularies;
import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.domain.wiring.SandboxSupport;
import dev.knobs.domain.wiring.TrialCapacity;
import dev.knobs.domain.wiring.TrialImages;
import dev.knobs.domain.wiring.UserQuota;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import dev.knobs.formats.Algorithm;
import dev.knobs.formats.dataset.DatasetProfile;
import dev.knobs.web.Ids;
import dev.knobs.web.account.Roles;
import dev.knobs.web.artifact.ArtifactStore;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.dataset.Dataset;
import dev.knobs.web.dataset.DatasetResource;
import dev.knobs.web.error.NotFoundException;
import dev.knobs.web.model.TrainerResource;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns what a person asked for into the experiment's settings, checking everything first: the
 * search space (line:column problems), the algorithm and its hyperparameters, the dataset and its
 * label column, the objective, the custom trainer, the search algorithm and the early-stopping
 * rule. Every problem is an {@link IllegalArgumentException} (400) with a sentence.
 */
@ApplicationScoped
public class ExperimentRequests {
    static final String CUSTOM = "custom";

    @Inject WebConfig config;
    @Inject AdapterSettings adapters;
    @Inject TrialCapacity capacity;
    @Inject UserQuota quota;
    @Inject TrialImages images;
    @Inject ArtifactStore store;
    @Inject SecurityIdentity identity;

    /** The algorithm asked for: {@code xgboost} unless named. */
    static String algorithm(ExperimentRequest request) {
        return request.algorithm() == null ? "xgboost" : request.algorithm().trim();
    }

    /**
     * The search space, checked against the algorithm's hyperparameters; before any dataset is
     * read.
     */
    ParsedSpace space(ExperimentRequest request) {
        boolean text = request.searchSpace() != null && !request.searchSpace().isBlank();
        boolean json = request.searchSpaceJson() != null && !request.searchSpaceJson().isNull();
        if (text == json) {
            throw new IllegalArgumentException(
                    "give the search space once: as text in 'searchSpace' or as JSON in 'searchSpaceJson'");
        }
        String algorithm = algorithm(request);
        // the text with the algorithm's names: its aliases resolve, other names are refused
        ParsedSpace parsed =
                text
                        ? SearchSpaceParser.parseWithSettings(
                                request.searchSpace(), Vocabularies.forAlgorithm(algorithm))
                        : SearchSpaces.fromJsonWithSettings(request.searchSpaceJson().toString());
        if (!CUSTOM.equals(algorithm)) {
            checkHyperparameters(Algorithm.named(algorithm), parsed.space());
        }
        return parsed;
    }

    private static void checkHyperparameters(Algorithm builtin, SearchSpace space) {
        Set<String> unknown = new TreeSet<>();
        for (Parameter p : space.parameters()) {
            if (!builtin.hyperparameters().contains(p.name())) {
                unknown.add(p.name());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "algorithm '"
                            + builtin.id()
                            + "' has no hyperparameter "
                            + String.join(", ", unknown)
                            + "; it accepts "
                            + String.join(", ", new TreeSet<>(builtin.hyperparameters())));
        }
    }

    /** Whether the request needs a dataset: every built-in algorithm does. */
    static boolean needsDataset(ExperimentRequest request) {
        return !CUSTOM.equals(algorithm(request));
    }

    /** The settings of the experiment {@code owner} asked for, on dataset {@code d} (or none). */
    ExperimentSpec settings(ExperimentRequest r, String owner, ParsedSpace parsed, Dataset d) {
        String algorithm = algorithm(r);
        String name = Ids.name(r.name(), d == null ? "experiment" : d.name, "experiment");
        DatasetRef dataset = null;
        List<ExperimentRequest.ObjectiveRequest> asked = ObjectiveRequests.asked(r, parsed);
        ExperimentRequest.ObjectiveRequest primary = asked.isEmpty() ? null : asked.get(0);
        Function<ExperimentRequest.ObjectiveRequest, Objective> resolve =
                ObjectiveRequests::requested;
        if (d != null) {
            DatasetProfile profile = DatasetResource.profileOf(d);
            checkLabel(r.labelColumn(), d, profile);
            dataset = new DatasetRef(d.id, artifactUrl("datasets", d.id), r.labelColumn());
            if (!CUSTOM.equals(algorithm)) {
                resolve = o -> ObjectiveRequests.builtin(o, profile, r.labelColumn());
            }
        }
        Objective objective = resolve.apply(primary);
        if (objective == null) {
            throw new IllegalArgumentException(
                    "objective is required for a custom trainer: the metric it reports and MINIMIZE or MAXIMIZE"
                            + " (goal)");
        }
        Objective second = ObjectiveRequests.second(asked, objective, resolve);
        CustomTrainer trainer = null;
        if (CUSTOM.equals(algorithm)) {
            trainer = customTrainer(r.trainer());
        } else if (r.trainer() != null) {
            throw new IllegalArgumentException("'trainer' goes with algorithm 'custom' only");
        }
        ExperimentSpec spec =
                new ExperimentSpec(
                        Ids.from(name),
                        owner,
                        name,
                        dataset,
                        algorithm,
                        trainer,
                        parsed.space(),
                        searchAlgorithm(r, parsed),
                        r.seed() == null ? 42 : r.seed(),
                        objective,
                        r.budget() == null ? ExperimentRequest.DEFAULT_BUDGET : r.budget(),
                        r.resources() == null ? ExperimentRequest.DEFAULT_RESOURCES : r.resources(),
                        earlyStopping(r, parsed),
                        second,
                        ObjectiveRequests.publishWithin(r.publishWithin(), second));
        checkFits(spec);
        return spec;
    }

    /**
     * Refuses what could never run: a grid too large to search, or a trial that asks for more than
     * the machine gives trials (one machine) or one user's quota holds (a cluster).
     */
    private void checkFits(ExperimentSpec spec) {
        if ("grid".equals(spec.searchAlgorithm())) {
            Grids.check(spec.searchSpace());
        }
        String refusal =
                adapters.trials() == AdapterSettings.Trials.PROCESS
                        ? capacity.refusal(spec.resources().cpu(), spec.resources().memoryMb())
                        : quota.refusal(spec.resources());
        if (refusal != null) {
            throw new IllegalArgumentException(refusal + "; ask for less in 'resources'");
        }
    }

    private static void checkLabel(String label, Dataset d, DatasetProfile profile) {
        String columns = String.join(", ", profile.columnNames());
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException(
                    "labelColumn is required: which column holds what to predict? The columns are "
                            + columns);
        }
        if (!profile.hasColumn(label)) {
            throw new IllegalArgumentException(
                    "dataset '"
                            + d.name
                            + "' has no column '"
                            + label
                            + "'; the columns are "
                            + columns);
        }
    }

    private static String searchAlgorithm(ExperimentRequest r, ParsedSpace parsed) {
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
        return agreed("searchAlgorithm", asked, parsed.searchAlgorithm(), "random");
    }

    private static EarlyStopping earlyStopping(ExperimentRequest r, ParsedSpace parsed) {
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
        return earlyStopping;
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
        boolean cluster = adapters.mode() == AdapterSettings.Mode.CLUSTER;
        if (t == null || (blank(t.command()) && blank(t.image()))) {
            throw new IllegalArgumentException(
                    "a custom trainer needs 'trainer': {archiveId, command} on one machine, "
                            + "or {image, command (optional), pullSecret (optional)} on a cluster");
        }
        if (cluster && blank(t.image())) {
            throw new IllegalArgumentException(
                    "on a cluster a custom trainer is an image: give 'trainer.image'");
        }
        String notAllowed = cluster ? images.refusal(t.image()) : null;
        if (notAllowed != null) {
            throw new ForbiddenException(notAllowed);
        }
        if (!cluster && !blank(t.image())) {
            throw new IllegalArgumentException(
                    "images run on a cluster; on one machine upload a zip archive (POST /api/trainers) "
                            + "and give 'trainer.archiveId' and 'trainer.command'");
        }
        if (!cluster && !identity.hasRole(Roles.ADMIN) && !SandboxSupport.available()) {
            throw new ForbiddenException(
                    SandboxSupport.MISSING
                            + ": a custom trainer would run as the platform's own user, so only"
                            + " administrators may start one");
        }
        String archive = null;
        if (t.archiveId() != null) {
            if (!TrainerResource.mayUse(
                    t.archiveId(),
                    identity.getPrincipal().getName(),
                    identity.hasRole(Roles.ADMIN))) {
                throw new NotFoundException("no trainer archive '" + t.archiveId() + "'");
            }
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

    private String artifactUrl(String kind, String id) {
        return config.publicUrl().resolve("/api/artifacts/" + kind + "/" + id).toString();
    }
}
