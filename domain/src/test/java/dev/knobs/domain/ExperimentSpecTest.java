package dev.knobs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.eventing.Json;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ExperimentSpecTest {
    @Test
    void theStoredSettingsKeepTheSearchSpaceKinds() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/experiment-spec.json")) {
            ExperimentSpec spec = Json.MAPPER.readValue(in, ExperimentSpec.class);
            assertThat(spec.searchSpace().parameters())
                    .extracting(p -> p.getClass().getSimpleName())
                    .containsExactly("FloatRange", "IntRange", "Categorical", "Fixed");
            assertThat(spec.earlyStopping().rule().name()).isEqualTo("ASHA");
            assertThat(Json.MAPPER.readValue(Json.write(spec), ExperimentSpec.class))
                    .isEqualTo(spec);
        }
    }
}
