package dev.knobs.functions.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.Parameter;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class LocalModelTest {
    static List<TpeSearch.Dimension> dims(SearchSpace space) {
        return space.parameters().stream().map(TpeSearch.Dimension::of).toList();
    }

    static List<History.Observation> sampled(
            SearchSpace space, ToDoubleFunction<Map<String, Object>> f, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<History.Observation> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            for (Parameter parameter : space.parameters()) {
                p.put(parameter.name(), RandomSearch.sample(parameter, random));
            }
            done.add(new History.Observation(p, f.applyAsDouble(p)));
        }
        return done;
    }

    static double[] at(double... x) {
        return x;
    }

    /** A trial at {@code internal} (a category by its index), to centre a model on. */
    static History.Observation trial(SearchSpace space, double... internal) {
        Map<String, Object> p = new LinkedHashMap<>();
        List<TpeSearch.Dimension> dims = dims(space);
        for (int d = 0; d < dims.size(); d++) {
            p.put(dims.get(d).p().name(), dims.get(d).value(internal[d]));
        }
        return new History.Observation(p, 0);
    }

    @Test
    void predictsTheBowlsFloorLowerThanItsRimAndFollowsTheGoalsDirection() {
        SearchSpace space = SearchSpaceParser.parse("x = -5.0 ~ 5.0, y = 0.0 ~ 10.0");
        ToDoubleFunction<Map<String, Object>> bowl =
                p -> {
                    double x = (Double) p.get("x") - 1;
                    double y = (Double) p.get("y") - 7;
                    return x * x + 3 * y * y;
                };
        List<History.Observation> done = sampled(space, bowl, 40, 1);
        LocalModel minimise = LocalModel.around(dims(space), trial(space, 0, 5), done, false);
        assertThat(minimise.predict(at(1, 7))).isLessThan(minimise.predict(at(-4, 1)));
        assertThat(minimise.predict(at(1, 7))).isLessThan(minimise.predict(at(4, 7)));
        assertThat(minimise.predict(at(1, 7))).isLessThan(minimise.predict(at(1, 2)));

        List<History.Observation> negated =
                done.stream()
                        .map(o -> new History.Observation(o.parameters(), -o.value()))
                        .toList();
        LocalModel maximise = LocalModel.around(dims(space), trial(space, 0, 5), negated, true);
        assertThat(maximise.predict(at(1, 7))).isLessThan(maximise.predict(at(-4, 1)));
        assertThat(maximise.predict(at(1, 7))).isCloseTo(minimise.predict(at(1, 7)), within(1e-9));
    }

    @Test
    void fitsOnlyTheNearestTrialsSoAFarValleyDoesNotBendIt() {
        // two valleys: a narrow deep one at x = 8 and a broad one at x = -2; around x = -2 the
        // model must point at -2, not at the deeper valley far away
        SearchSpace space = SearchSpaceParser.parse("x = -10.0 ~ 10.0, y = -10.0 ~ 10.0");
        ToDoubleFunction<Map<String, Object>> f =
                p -> {
                    double x = (Double) p.get("x");
                    double y = (Double) p.get("y");
                    return Math.min((x + 2) * (x + 2) + y * y, 100 * (x - 8) * (x - 8) - 50);
                };
        List<History.Observation> done = sampled(space, f, 200, 7);
        LocalModel model = LocalModel.around(dims(space), trial(space, -2, 0), done, false);
        assertThat(model.predict(at(-2, 0))).isLessThan(model.predict(at(0.5, 0)));
        assertThat(model.predict(at(-2, 0))).isLessThan(model.predict(at(-4.5, 0)));
    }

    @Test
    void fitsWithinTheCentresCategoryWhenItHasEnoughTrials() {
        // the real optimum moves with the category: x = 3 for a, x = -3 for b
        SearchSpace space = SearchSpaceParser.parse("kind in [a, b], x = -5.0 ~ 5.0");
        ToDoubleFunction<Map<String, Object>> f =
                p -> {
                    double target = p.get("kind").equals("a") ? 3 : -3;
                    double x = (Double) p.get("x") - target;
                    return x * x;
                };
        List<History.Observation> done = sampled(space, f, 120, 3);
        LocalModel forB = LocalModel.around(dims(space), trial(space, 1, -2), done, false);
        assertThat(forB.predict(at(1, -3))).isLessThan(forB.predict(at(1, 3)));
        LocalModel forA = LocalModel.around(dims(space), trial(space, 0, 2), done, false);
        assertThat(forA.predict(at(0, 3))).isLessThan(forA.predict(at(0, -3)));
    }

    @Test
    void needsARealDimensionAndCopesWithFewerTrialsThanCoefficients() {
        SearchSpace categories = SearchSpaceParser.parse("kind in [a, b, c]");
        List<History.Observation> done = sampled(categories, p -> 1, 10, 1);
        assertThat(LocalModel.around(dims(categories), trial(categories, 0), done, false)).isNull();

        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            text.append("x").append(i).append(" = -1.0 ~ 1.0\n");
        }
        SearchSpace wide = SearchSpaceParser.parse(text.toString());
        List<History.Observation> three =
                sampled(wide, p -> (Double) p.get("x1") * (Double) p.get("x1"), 3, 5);
        LocalModel model = LocalModel.around(dims(wide), trial(wide, new double[10]), three, false);
        double prediction = model.predict(new double[10]);
        assertThat(Double.isFinite(prediction)).isTrue();
    }
}
