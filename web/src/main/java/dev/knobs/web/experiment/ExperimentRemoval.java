package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.web.Worker;
import dev.knobs.web.artifact.ArtifactStore;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.error.ConflictException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes an ended experiment: first its files (each trial's output and work folder, the trials'
 * model files — except those a model version serves), then its rows (trials, intermediate results,
 * the experiment, the submission, its notifications). Files first: a crash in between leaves the
 * rows, and deleting again finishes the work.
 */
@ApplicationScoped
public class ExperimentRemoval {
    @Inject Submissions submissions;
    @Inject Trials trials;
    @Inject Worker worker;
    @Inject ArtifactStore artifacts;
    @Inject WebConfig config;

    /** Deletes the owner's experiment {@code id}; 404 for another's, 409 while it runs. */
    public Uni<Void> delete(String id, String owner) {
        return Panache.withSession(() -> submissions.owned(id, owner).flatMap(s -> plan(id)))
                .flatMap(plan -> worker.call(() -> deleteFiles(files(plan.trials(), plan.kept()))))
                .flatMap(x -> Panache.withTransaction(() -> deleteRows(id)));
    }

    /** An ended experiment's trials, and those whose model file a model version serves. */
    private record Plan(List<Trial> trials, Set<String> kept) {}

    /** What to delete, once it is sure the experiment has ended. */
    private Uni<Plan> plan(String id) {
        return Panache.getSession()
                .chain(s -> s.find(Experiment.class, id))
                .invoke(e -> ended(id, e))
                .chain(e -> trials.of(id))
                .chain(all -> kept(id).map(keep -> new Plan(all, keep)));
    }

    private static void ended(String id, Experiment e) {
        if (e == null || !e.status.ended()) {
            String state = e == null ? "not started yet" : e.status.name().toLowerCase();
            throw new ConflictException(
                    "experiment "
                            + id
                            + " is "
                            + state
                            + "; cancel it and let it end before deleting it");
        }
    }

    private static final String SERVED =
            "select artifactUrl from ModelRevision where experimentId = ?1";

    /** The trials whose model a model version serves (or served): their files stay. */
    private static Uni<Set<String>> kept(String id) {
        return Panache.getSession()
                .chain(
                        s ->
                                s.createSelectionQuery(SERVED, String.class)
                                        .setParameter(1, id)
                                        .getResultList())
                .map(
                        urls -> {
                            Set<String> ids = new HashSet<>();
                            urls.forEach(u -> ids.add(u.substring(u.lastIndexOf('/') + 1)));
                            return ids;
                        });
    }

    private List<Path> files(List<Trial> all, Set<String> keep) {
        Path trialsDir = config.dataDir().resolve("trials");
        List<Path> files = new java.util.ArrayList<>();
        for (Trial t : all) {
            files.add(trialsDir.resolve(t.id));
            if (!keep.contains(t.id)) {
                artifacts.find(ArtifactStore.Kind.MODELS, t.id).ifPresent(files::add);
            }
        }
        return files;
    }

    private static Void deleteFiles(List<Path> files) {
        for (Path p : files) {
            if (!Files.exists(p)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(p)) {
                for (Path f : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + p, e);
            }
        }
        return null;
    }

    private static final List<String> ROWS =
            List.of(
                    "delete from IntermediateResult where experimentId = ?1",
                    "delete from Trial where experimentId = ?1",
                    "delete from Experiment where id = ?1",
                    "delete from Submission where id = ?1",
                    "delete from Notification where experimentId = ?1");

    private static Uni<Void> deleteRows(String id) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String hql : ROWS) {
            all = all.chain(() -> execute(hql, id));
        }
        return all;
    }

    private static Uni<Void> execute(String hql, String id) {
        return Panache.getSession()
                .chain(s -> s.createMutationQuery(hql).setParameter(1, id).executeUpdate())
                .replaceWithVoid();
    }
}
