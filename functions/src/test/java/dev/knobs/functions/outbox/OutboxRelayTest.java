package dev.knobs.functions.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.OutboxEvent;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.functions.PlatformResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An event the broker refuses for good is set aside; the ones after it still go. */
@QuarkusTest
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class OutboxRelayTest {
    @Inject Outbox outbox;
    @Inject OutboxRelay relay;

    private static KnobsEvent<ModelPublished> published(String name, String url) {
        return new KnobsEvent<>(
                EventIds.modelPublished(name, 1),
                EventSources.FUNCTIONS,
                name,
                new ModelPublished(
                        name,
                        "alice",
                        null,
                        1,
                        url,
                        new ModelRef("http://x/api/artifacts/models/" + name, ModelRef.ONNX)));
    }

    @Test
    void aRefusedEventIsSetAsideAndDoesNotBlockTheNext() {
        // larger than the broker takes (1 MiB): refused with 413, for good
        String huge = "http://example.com/" + "x".repeat(1_200_000);
        QuarkusTransaction.requiringNew()
                .run(
                        () -> {
                            outbox.add(published("too-large", huge));
                            outbox.add(published("after-it", "http://example.com/after-it"));
                        });
        relay.signal();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                PlatformResource.TO_WEB.stream()
                                        .anyMatch(ce -> "after-it".equals(ce.getSubject())));
        OutboxEvent aside =
                QuarkusTransaction.requiringNew()
                        .call(() -> outbox.find("key like ?1", "%too-large%").firstResult());
        assertThat(aside).isNotNull();
        assertThat(aside.setAsideAt).isNotNull();
        assertThat(aside.refusal).contains("413");
        assertThat(
                        QuarkusTransaction.requiringNew()
                                .call(() -> outbox.count("key like ?1", "%after-it%")))
                .isZero();
    }
}
