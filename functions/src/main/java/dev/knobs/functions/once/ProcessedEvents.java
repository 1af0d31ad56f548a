package dev.knobs.functions.once;

import dev.knobs.domain.experiment.ProcessedEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * The once-only check every handler makes: an event ({@code source + " " + id}) is recorded as
 * processed in the same transaction as the change it causes, so a redelivered event changes
 * nothing. Two concurrent deliveries meet on the primary key: the second waits for the first's
 * transaction and then finds the key taken.
 */
@ApplicationScoped
public class ProcessedEvents implements PanacheRepositoryBase<ProcessedEvent, String> {

    /** True the first time {@code key} is seen; records it in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String key, String type) {
        int inserted =
                getEntityManager()
                        .createNativeQuery(
                                "insert into processed_events (key, type, processed_at)"
                                        + " values (?1, ?2, ?3) on conflict do nothing")
                        .setParameter(1, key)
                        .setParameter(2, type)
                        .setParameter(3, Instant.now())
                        .executeUpdate();
        return inserted == 1;
    }

    /** Whether {@code key} was handled already (read before work that is not transactional). */
    public boolean seen(String key) {
        return findByIdOptional(key).isPresent();
    }

    public static String key(String source, String id) {
        return ProcessedEvent.key(source, id);
    }
}
