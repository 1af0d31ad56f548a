package dev.knobs.functions.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.domain.space.SearchSpaceParser;
import dev.knobs.eventing.payload.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchAlgorithmsTest {
    static final SearchSpace SPACE =
            SearchSpaceParser.parse(
                    "lr = 0.001 ~ 0.1 log, depth: 3..10, trees from 50 to 300 step 50, opt in [adam, sgd], set epochs to 20, batch = 16 ~ 256 log");

    @Test
    void randomIsReproducibleAndIndependentOfOtherTrials() {
        RandomSearch random = new RandomSearch();
        assertThat(random.suggest(SPACE, 7, 5, History.NONE))
                .isEqualTo(random.suggest(SPACE, 7, 5, History.NONE));
        assertThat(random.suggest(SPACE, 7, 5, History.NONE))
                .isNotEqualTo(random.suggest(SPACE, 8, 5, History.NONE));
        assertThat(random.suggest(SPACE, 7, 5, History.NONE))
                .isNotEqualTo(random.suggest(SPACE, 7, 6, History.NONE));
    }

    @Test
    void randomStaysInsideTheSpaceAndSamplesLogRangesInLogSpace() {
        RandomSearch random = new RandomSearch();
        int belowGeometricMiddle = 0;
        for (int n = 1; n <= 2000; n++) {
            Map<String, Object> s = random.suggest(SPACE, 1, n, History.NONE).orElseThrow();
            double lr = (Double) s.get("lr");
            assertThat(lr).isBetween(0.001, 0.1);
            belowGeometricMiddle += lr < 0.01 ? 1 : 0;
            assertThat((Long) s.get("depth")).isBetween(3L, 10L);
            assertThat((Long) s.get("trees") % 50).isZero();
            assertThat((Long) s.get("batch")).isBetween(16L, 256L);
            assertThat(s.get("opt")).isIn("adam", "sgd");
            assertThat(s.get("epochs")).isEqualTo(20L);
        }
        assertThat(belowGeometricMiddle).isBetween(900, 1100);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 42, -7, 123456789})
    void gridVisitsEveryPointExactlyOnceThenStops(long seed) {
        GridSearch grid = new GridSearch();
        SearchSpace space = SearchSpaceParser.parse("x = 0.0 ~ 1.0, depth: 1..3, opt in [a, b]");
        assertThat(grid.size(space)).isEqualTo(5 * 3 * 2);
        Set<Map<String, Object>> seen = new HashSet<>();
        for (int n = 1; n <= 30; n++) {
            seen.add(grid.suggest(space, seed, n, History.NONE).orElseThrow());
        }
        assertThat(seen).hasSize(30);
        assertThat(grid.suggest(space, seed, 31, History.NONE)).isEmpty();
    }

    @Test
    void aOneParameterGridHasItsFivePoints() {
        GridSearch grid = new GridSearch();
        SearchSpace space = SearchSpaceParser.parse("x = 0.0 ~ 1.0");
        List<Object> xs = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            xs.add(grid.suggest(space, 42, n, History.NONE).orElseThrow().get("x"));
        }
        assertThat(xs).containsExactlyInAnyOrder(0.0, 0.25, 0.5, 0.75, 1.0);
    }
}
