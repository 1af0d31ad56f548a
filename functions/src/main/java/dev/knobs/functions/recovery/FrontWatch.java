package dev.knobs.functions.recovery;

import dev.knobs.eventing.ParentWatch;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * On one machine the functions follow the front that started them ({@code KNOBS_PARENT_PID}): when
 * it is gone — even by {@code kill -9} — they stop within a second, and their trials and model
 * servers, which follow them the same way, after them. Nothing is left holding ports; the next
 * start runs again what was cut off (docs/adr/0014).
 */
@ApplicationScoped
public class FrontWatch {
    private static final Logger LOG = Logger.getLogger(FrontWatch.class);

    void start(@Observes StartupEvent event) {
        ParentWatch.start(
                System::getenv,
                () -> {
                    LOG.warn("the front that started the functions is gone: stopping");
                    Runtime.getRuntime().halt(143);
                });
    }
}
