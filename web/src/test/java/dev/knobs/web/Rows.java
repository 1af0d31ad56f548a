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

    /** Stores a row of a shared entity (those have no Panache methods of their own). */
    static void persist(Object entity) {
        write(() -> Panache.getSession().chain(s -> s.persist(entity)));
    }

    /** Runs an HQL update in a transaction of its own. */
    static int update(String hql, Object... parameters) {
        return write(
                () ->
                        Panache.getSession()
                                .chain(
                                        s -> {
                                            var query = s.createMutationQuery(hql);
                                            for (int i = 0; i < parameters.length; i++) {
                                                query.setParameter(i + 1, parameters[i]);
                                            }
                                            return query.executeUpdate();
                                        }));
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
