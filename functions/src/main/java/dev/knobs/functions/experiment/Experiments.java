package dev.knobs.functions.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.eventing.Json;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Experiment rows; the functions write them, the front reads them. */
@ApplicationScoped
public class Experiments implements PanacheRepositoryBase<Experiment, String> {

    /**
     * The experiment, locked for this transaction: parallel trial results never double-count or
     * overfill the slots. Null when there is none.
     */
    public Experiment locked(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The submitted settings the experiment runs by. */
    public static ExperimentSpec spec(Experiment e) {
        return Json.read(e.spec, ExperimentSpec.class);
    }
}
