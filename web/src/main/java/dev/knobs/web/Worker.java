package dev.knobs.web;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (files, password hashing, a call to another process) on Vert.x's worker pool;
 * the result comes back on the caller's context, where its database session lives.
 */
@ApplicationScoped
public class Worker {
    @Inject Vertx vertx;

    public <T> Uni<T> call(Callable<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> run(work)));
    }

    private static <T> T run(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
