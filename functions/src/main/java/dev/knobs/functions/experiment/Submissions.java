package dev.knobs.functions.experiment;

import dev.knobs.domain.account.UserAccount;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.domain.wiring.SandboxSupport;
import dev.knobs.domain.wiring.TrialImages;
import dev.knobs.eventing.Json;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What people submitted, as the front stored it: the authority the functions act on. An event names
 * an experiment; its owner, trainer and dataset come from here.
 */
@ApplicationScoped
public class Submissions implements PanacheRepositoryBase<Submission, String> {
    @Inject AdapterSettings adapters;
    @Inject TrialImages images;

    public static ExperimentSpec spec(Submission s) {
        ExperimentSpec spec = Json.read(s.payload, ExperimentSpec.class);
        // the row's owner is the one who submitted it, whatever the stored settings say
        return new ExperimentSpec(
                s.id,
                s.owner,
                spec.name(),
                spec.dataset(),
                spec.algorithm(),
                spec.trainer(),
                spec.searchSpace(),
                spec.searchAlgorithm(),
                spec.seed(),
                spec.objective(),
                spec.budget(),
                spec.resources(),
                spec.earlyStopping(),
                spec.secondObjective(),
                spec.publishWithin());
    }

    /**
     * Why {@code owner} may not run this experiment's trainer, or null when they may: on a cluster
     * an image from a registry the administrator does not list ({@link TrialImages}); on one
     * machine a custom trainer runs in the sandbox (docs/adr/0020), for anyone; where none can be
     * made (bubblewrap missing) it would run as the platform's own user, so it takes an
     * administrator (read from the database, as the front checked it when it was submitted; a
     * removed user has no role).
     */
    public String refusal(ExperimentSpec spec) {
        if (spec.trainer() != null && adapters.trials() == AdapterSettings.Trials.JOB) {
            // the list may have changed since the front took the submission
            return images.refusal(spec.trainer().image());
        }
        boolean ownProgram = spec.trainer() != null && spec.trainer().command() != null;
        if (!ownProgram
                || adapters.trials() == AdapterSettings.Trials.JOB
                || SandboxSupport.available()) {
            return null;
        }
        UserAccount user = getEntityManager().find(UserAccount.class, spec.owner());
        return user != null && user.admin()
                ? null
                : SandboxSupport.MISSING
                        + ", so one would run as the platform's own user, and "
                        + spec.owner()
                        + " is not an administrator";
    }
}
