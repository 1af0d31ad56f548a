package dev.knobs.eventing;

import java.util.Objects;

/**
 * One Knobs event: its identity ({@code source}, {@code id}), an optional {@code subject} (the
 * experiment or model it is about) and its typed payload. The CloudEvents {@code type} follows from
 * the payload's class.
 */
public record KnobsEvent<T>(String id, String source, String subject, T data) {
    public KnobsEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(data, "data");
    }

    public EventType type() {
        return EventType.of(data.getClass());
    }
}
