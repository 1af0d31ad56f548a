package dev.knobs.web;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Rows written or read the way another part of the platform would (the functions taking an
 * experiment up, a model being published, time passing): in API tests that run the front alone.
 */
final class Rows {
    private Rows() {}

    /** Runs {@code work} in a transaction on a Vert.x context and answers its result. */
    static <T> T write(Supplier<Uni<T>> work) {
        return on(() -> Panache.withTransaction(work));
    }

    /** Runs {@code work} in a session on a Vert.x context and answers its result. */
    static <T> T read(Supplier<Uni<T>> work) {
        return on(() -> Panache.withSession(work));
    }

    private static <T> T on(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
