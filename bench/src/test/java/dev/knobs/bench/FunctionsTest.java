package dev.knobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.knobs.functions.search.History;
import dev.knobs.functions.search.RandomSearch;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's problems reach their stated minima where the literature puts them. */
class FunctionsTest {
    private static Map<String, Object> cube(int d, double... x) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < d; i++) {
            m.put("x" + (i + 1), x.length == 1 ? x[0] : x[i]);
        }
        return m;
    }

    @Test
    void analyticMinimaAreWhereTheyBelong() {
        assertThat(Functions.branin().evaluate(cube(2, Math.PI, 2.275)))
                .isCloseTo(0.397887, within(1e-5));
        assertThat(Functions.branin().evaluate(cube(2, -Math.PI, 12.275)))
                .isCloseTo(0.397887, within(1e-5));
        assertThat(
                        Functions.hartmann6()
                                .evaluate(
                                        cube(
                                                6, 0.20169, 0.150011, 0.476874, 0.275332, 0.311652,
                                                0.6573)))
                .isCloseTo(-3.32237, within(1e-4));
        assertThat(Functions.rosenbrock10().evaluate(cube(10, 1.0))).isZero();
        assertThat(Functions.ackley10().evaluate(cube(10, 0.0))).isCloseTo(0, within(1e-12));
        Map<String, Object> best =
                Map.of("optimizer", "adam", "x1", 1.0, "x2", -2.0, "lr", 0.01, "layers", 4L);
        assertThat(Functions.mixed().evaluate(best)).isCloseTo(0, within(1e-12));
    }

    @Test
    void noPointOfTheSpaceBeatsTheStatedMinimum() {
        RandomSearch random = new RandomSearch();
        for (Problem p : Functions.all()) {
            for (int n = 1; n <= 2000; n++) {
                Map<String, Object> x = random.suggest(p.space(), 5, n, History.NONE).orElseThrow();
                assertThat(p.evaluate(x)).as(p.name()).isGreaterThanOrEqualTo(p.optimum() - 1e-6);
            }
        }
    }

    @Test
    void theXGBoostTaskIsDeterministicAndLearns() {
        XGBoostTask task = new XGBoostTask();
        Map<String, Object> good =
                Map.of(
                        "learning_rate", 0.1,
                        "max_depth", 4L,
                        "n_estimators", 80L,
                        "subsample", 0.9,
                        "min_child_weight", 1.0,
                        "lambda", 1.0);
        double loss = task.evaluate(good);
        assertThat(task.evaluate(good)).isEqualTo(loss);
        assertThat(loss).as("better than a coin (ln 2)").isLessThan(0.6);
    }
}
