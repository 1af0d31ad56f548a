package dev.knobs.web.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImportancesTest {
    static final SearchSpace SPACE =
            new SearchSpace(
                    List.of(
                            new Parameter.FloatRange("lr", 0.001, 0.1, true, null),
                            new Parameter.IntRange("depth", 2, 9, false, 1L),
                            new Parameter.Categorical(
                                    "booster", List.of("gbtree", "dart", "linear")),
                            new Parameter.FloatRange("noise", 0, 1, false, null)));

    /**
     * Trials whose objective depends on lr strongly, on booster a little, never on depth or noise.
     */
    static List<Plots.Point> trials(int n, long seed) {
        Random r = new Random(seed);
        List<Plots.Point> points = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            double lr =
                    Math.exp(Math.log(0.001) + r.nextDouble() * (Math.log(0.1) - Math.log(0.001)));
            String booster = List.of("gbtree", "dart", "linear").get(r.nextInt(3));
            double value =
                    0.9
                            - 0.2 * Math.abs(Math.log10(lr) + 2)
                            - (booster.equals("linear") ? 0.03 : 0)
                            + 0.005 * r.nextGaussian();
            points.add(
                    new Plots.Point(
                            i,
                            Map.of(
                                    "lr",
                                    lr,
                                    "depth",
                                    (long) (2 + r.nextInt(8)),
                                    "booster",
                                    booster,
                                    "noise",
                                    r.nextDouble()),
                            value));
        }
        return points;
    }

    @Test
    void theParametersTheObjectiveFollowsComeFirstAndOnesItIgnoresLast() {
        for (long seed = 1; seed <= 20; seed++) {
            Map<String, Double> importance = Importances.of(SPACE, trials(60, seed), true);
            String what = "seed " + seed + ": " + importance;
            assertThat(importance.keySet()).as(what).first().isEqualTo("lr");
            assertThat(importance.get("lr")).as(what).isGreaterThan(0.6);
            for (String ignored : List.of("depth", "noise")) {
                assertThat(importance.get(ignored)).as(what).isLessThan(0.25);
            }
            assertThat(importance.values().stream().mapToDouble(Double::doubleValue).sum())
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void minimisingReadsTheBestAsTheLowest() {
        List<Plots.Point> flipped = new ArrayList<>();
        for (Plots.Point p : trials(60, 7)) {
            flipped.add(new Plots.Point(p.number(), p.parameters(), -p.value()));
        }
        assertThat(Importances.of(SPACE, flipped, false).keySet()).first().isEqualTo("lr");
    }

    @Test
    void tooFewTrialsSayNothing() {
        assertThat(Importances.of(SPACE, trials(5, 1), true)).isEmpty();
    }
}
