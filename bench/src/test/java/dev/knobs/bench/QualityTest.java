package dev.knobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.functions.search.TpeSearch;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-flight runs of the quality benchmark: what is asked, told and in flight at once. */
class QualityTest {
    static final Quality QUALITY =
            new Quality(List.of("knobs-tpe"), List.of(4), 1, 30, Path.of("unused"));

    @Test
    void everyAskedPointIsToldAndNoMoreThanKAreOutAtOnce() {
        Problem branin = Functions.branin();
        Study tpe = new Study.Knobs(new TpeSearch(), branin.space(), 7);
        int[] out = new int[2]; // now, most
        Set<Integer> told = new HashSet<>();
        Study counting =
                new Study() {
                    @Override
                    public Asked ask() {
                        out[1] = Math.max(out[1], ++out[0]);
                        return tpe.ask();
                    }

                    @Override
                    public void tell(Asked asked, double value) {
                        out[0]--;
                        assertThat(told.add(asked.number())).isTrue();
                        tpe.tell(asked, value);
                    }
                };
        Quality.Curve curve = QUALITY.curve(branin, "knobs-tpe", 7, 4, counting);
        assertThat(out[1]).isEqualTo(4);
        assertThat(out[0]).isZero();
        assertThat(told).hasSize(30);
        assertThat(curve.best()).hasSize(30);
        for (int i = 1; i < 30; i++) {
            assertThat(curve.best()[i]).isLessThanOrEqualTo(curve.best()[i - 1]);
        }
    }

    @Test
    void knobsTpeSeesThePointsInFlightAndAsksElsewhere() {
        Problem branin = Functions.branin();
        Study tpe = new Study.Knobs(new TpeSearch(), branin.space(), 3);
        // past TPE's random start, eight asked at once are eight different points
        for (int i = 0; i < 12; i++) {
            Study.Asked a = tpe.ask();
            tpe.tell(a, branin.evaluate(a.params()));
        }
        Set<Map<String, Object>> flying = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            flying.add(tpe.ask().params());
        }
        assertThat(flying).hasSize(8);
    }
}
