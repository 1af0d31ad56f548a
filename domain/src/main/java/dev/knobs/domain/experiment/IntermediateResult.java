package dev.knobs.domain.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * An intermediate objective value of a trial, as early stopping judges it: either the value it
 * reported at a step ({@code rung} null), or the value it brought to an ASHA rung (the first report
 * at or past the rung's step).
 */
@Entity
@Table(
        name = "intermediate_results",
        indexes = {
            @Index(name = "intermediate_by_step", columnList = "experiment_id, step"),
            @Index(name = "intermediate_by_rung", columnList = "experiment_id, rung")
        })
public class IntermediateResult {
    @Id
    @Column(length = 120)
    public String id;

    @Column(name = "experiment_id", nullable = false, length = 64)
    public String experimentId;

    @Column(name = "trial_id", nullable = false, length = 80)
    public String trialId;

    public long step;

    public Integer rung;

    @Column(nullable = false)
    public double value;

    public static IntermediateResult atStep(Trial t, long step, double value) {
        return of(t, t.id + "/step/" + step, step, null, value);
    }

    public static IntermediateResult atRung(Trial t, int rung, long step, double value) {
        return of(t, t.id + "/rung/" + rung, step, rung, value);
    }

    private static IntermediateResult of(
            Trial t, String id, long step, Integer rung, double value) {
        IntermediateResult r = new IntermediateResult();
        r.id = id;
        r.experimentId = t.experimentId;
        r.trialId = t.id;
        r.step = step;
        r.rung = rung;
        r.value = value;
        return r;
    }
}
