package dev.knobs.web.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A trainer archive is its uploader's: its id carries their mark. */
class TrainerArchiveOwnerTest {
    @Test
    void onlyItsUploaderMayUseAnArchive() {
        String alices = TrainerResource.mark("alice") + "-mlp-3f2a1b.zip";
        assertThat(TrainerResource.mark("alice")).matches("u[0-9a-f]{10}");
        assertThat(TrainerResource.mark("alice")).isNotEqualTo(TrainerResource.mark("bob"));
        assertThat(TrainerResource.mayUse(alices, "alice", false)).isTrue();
        assertThat(TrainerResource.mayUse(alices, "bob", false)).isFalse();
        assertThat(TrainerResource.mayUse(alices, "admin", true)).isFalse();
        // an archive from before marks: an administrator's (only they could upload then)
        assertThat(TrainerResource.mayUse("mlp-3f2a1b.zip", "admin", true)).isTrue();
        assertThat(TrainerResource.mayUse("mlp-3f2a1b.zip", "bob", false)).isFalse();
        // a name that merely looks like a mark is not one
        assertThat(TrainerResource.mayUse("u0123456789-x.zip", "bob", false)).isFalse();
    }
}
