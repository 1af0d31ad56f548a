package dev.knobs.eventing.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every adapter of the event emitter port must do: HTTP to a broker, and Kafka. */
abstract class EventEmitterContract {

    /** An emitter to the system under test; events it accepts show up in {@link #received}. */
    abstract EventEmitter emitter();

    /** An emitter whose destination cannot be reached. */
    abstract EventEmitter unreachable();

    /** What arrived downstream, waiting for at least {@code count} events. */
    abstract List<CloudEvent> received(int count);

    static KnobsEvent<?> finished(int n) {
        String trial = EventIds.trialId("exp-contract", n);
        return new KnobsEvent<>(
                EventIds.trialFinished(trial),
                EventSources.TRIALS,
                "exp-contract",
                new TrialFinished(
                        "exp-contract",
                        trial,
                        TrialStatus.SUCCEEDED,
                        Map.of("accuracy", 0.5 + n / 100.0),
                        null,
                        null,
                        0,
                        null));
    }

    static KnobsEvent<?> published() {
        return new KnobsEvent<>(
                EventIds.modelPublished("exp-contract", 1),
                EventSources.FUNCTIONS,
                "exp-contract",
                new ModelPublished(
                        "exp-contract",
                        "alice",
                        "exp-contract",
                        1,
                        "http://models.example.com/exp-contract",
                        new ModelRef("http://artifacts.example.com/m", ModelRef.ONNX)));
    }

    @Test
    void everyAcceptedEventArrivesIntact() {
        List<KnobsEvent<?>> sent = new ArrayList<>();
        EventEmitter emitter = emitter();
        for (int n = 1; n <= 4; n++) {
            sent.add(finished(n));
        }
        sent.add(published());
        sent.forEach(emitter::emit);
        List<Object> arrived = new ArrayList<>();
        received(sent.size()).forEach(ce -> arrived.add(EventCodec.fromCloudEvent(ce)));
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void anEventThatCannotBeDeliveredFailsWithTheReason() {
        assertThatThrownBy(() -> unreachable().emit(finished(9)))
                .isInstanceOf(EmitException.class)
                .hasMessageContaining(finished(9).id());
    }
}
