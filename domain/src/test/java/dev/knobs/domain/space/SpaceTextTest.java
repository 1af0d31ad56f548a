package dev.knobs.domain.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.payload.SearchSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A space written back as text (what a clone starts from) means the same space. */
class SpaceTextTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "learning_rate = 0.001 ~ 0.1 log\nmax_depth: 3..10\noptimizer in [adam, sgd]",
                "trees from 50 to 300 step 50\ndropout: 0.1 to 0.5",
                "alpha = 1 ~ 3 float\nbeta = 0.5 ~ 2.5 step 0.5\ngamma = 1 ~ 1000 log",
                "kernel = rbf | linear | 'poly 2'\nbatch = 32\nflag in [true, false]\nmix in [1, 2.5, \"3\"]",
                "lr를 0.0001~0.1로 해줘\ndepth을 3~10으로\nepochs를 20으로 해줘",
                "n = -5 ~ 5\nm = 1e-6 ~ 1e-2 log\nlabel = \"it's\""
            })
    void parsesBackToTheSameSpace(String text) {
        SearchSpace space = SearchSpaceParser.parse(text);
        String written = SearchSpaces.toText(space);
        assertThat(SearchSpaceParser.parse(written)).as(written).isEqualTo(space);
    }
}
