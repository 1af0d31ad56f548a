package dev.knobs.domain.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrialImagesTest {
    static TrialImages allowing(String... entries) {
        return () -> entries.length == 0 ? Optional.empty() : Optional.of(List.of(entries));
    }

    @Test
    void aReferenceIsReadAsAContainerRuntimeReadsIt() {
        assertThat(TrialImages.source("python:3.12"))
                .containsExactly("docker.io", "library", "python");
        assertThat(TrialImages.source("acme/trainer"))
                .containsExactly("docker.io", "acme", "trainer");
        assertThat(TrialImages.source("localhost:5000/t:1")).containsExactly("localhost:5000", "t");
        assertThat(TrialImages.source("localhost/t")).containsExactly("localhost", "t");
        assertThat(TrialImages.source("GHCR.io/Acme/t@sha256:00"))
                .containsExactly("ghcr.io", "acme", "t");
        assertThat(TrialImages.source("registry:5000/a/b:tag"))
                .containsExactly("registry:5000", "a", "b");
    }

    @Test
    void anEntryAllowsWholePathComponentsOnly() {
        TrialImages images = allowing("ghcr.io/acme", "registry.example.com/", "docker.io/library");
        assertThat(images.refusal("ghcr.io/acme/trainer:1")).isNull();
        assertThat(images.refusal("ghcr.io/acme/team/trainer")).isNull();
        assertThat(images.refusal("registry.example.com/anything/at/all")).isNull();
        assertThat(images.refusal("python:3.12")).isNull();
        assertThat(images.refusal("ghcr.io/acme-evil/trainer")).contains("is not from a registry");
        assertThat(images.refusal("ghcr.io.evil.com/acme/trainer")).isNotNull();
        assertThat(images.refusal("ghcr.io/acme")).as("the folder itself is no image").isNotNull();
        assertThat(images.refusal("evil/python")).isNotNull();
        assertThat(images.refusal("registry.example.com.evil/x")).isNotNull();
    }

    @Test
    void withoutAListAnyImageMayRun() {
        assertThat(allowing().refusal("anything/at:all")).isNull();
    }
}
