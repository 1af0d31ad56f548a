package dev.knobs.functions.serving.gateway;

import dev.knobs.functions.serving.ModelDeployer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One version of a model on the gateway: its server process while warm, the one start that all
 * first requests share (a failed start fails them all at once, and the next request starts again),
 * and its requests in flight, held to its concurrency (more wait in line, up to {@value #QUEUE};
 * past that, 503). The gateway's event loops share it, so its state changes under its lock;
 * starting and stopping a process run on a worker.
 */
final class ServedVersion {
    /** Requests that may wait for a free slot before more are refused. */
    static final int QUEUE = 1024;

    final String name;
    final ModelDeployer.Version version;
    private final Vertx vertx;
    private final HttpClient client;
    private final Function<ServedVersion, ProcessBuilder> command;
    private final Duration startTimeout;

    private volatile Process process;
    private volatile SocketAddress address;

    /** A private folder for the servers' Unix domain sockets; null: loopback TCP. */
    private final java.nio.file.Path sockets;

    private static final java.util.concurrent.atomic.AtomicLong SOCKETS =
            new java.util.concurrent.atomic.AtomicLong();
    private Future<SocketAddress> starting;
    private int inFlight;
    private final ArrayDeque<Promise<Void>> waiting = new ArrayDeque<>();

    /** When it last began or ended a request ({@link System#nanoTime()}). */
    private volatile long lastUsed = System.nanoTime();

    volatile int coldStarts;
    private final GatewayMetrics metrics;

    ServedVersion(
            String name,
            ModelDeployer.Version version,
            Vertx vertx,
            HttpClient client,
            Function<ServedVersion, ProcessBuilder> command,
            Duration startTimeout,
            java.nio.file.Path sockets,
            GatewayMetrics metrics) {
        this.metrics = metrics;
        this.sockets = sockets;
        this.name = name;
        this.version = version;
        this.vertx = vertx;
        this.client = client;
        this.command = command;
        this.startTimeout = startTimeout;
    }

    int revision() {
        return version.revision();
    }

    boolean warm() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The address of a ready server: now when warm, else after the one start all callers share. */
    synchronized Future<SocketAddress> ready() {
        if (warm() && starting == null) {
            return Future.succeededFuture(address);
        }
        if (starting == null) {
            Promise<SocketAddress> started = Promise.promise();
            starting = started.future();
            long begun = System.nanoTime();
            started.future()
                    .onComplete(
                            r -> metrics.coldStart(name, System.nanoTime() - begun, r.succeeded()));
            vertx.<Process>executeBlocking(this::launch, false)
                    .compose(p -> awaitReady(p, Instant.now().plus(startTimeout)))
                    .onComplete(
                            result -> {
                                synchronized (this) {
                                    starting = null;
                                    if (result.failed()) {
                                        stopNow();
                                    }
                                }
                                started.handle(result);
                            });
        }
        return starting;
    }

    private Process launch() throws Exception {
        if (sockets != null) {
            java.nio.file.Path socket = sockets.resolve("m" + SOCKETS.incrementAndGet() + ".sock");
            java.nio.file.Files.deleteIfExists(socket);
            address = SocketAddress.domainSocketAddress(socket.toString());
        } else {
            try (java.net.ServerSocket socket =
                    new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                address = SocketAddress.inetSocketAddress(socket.getLocalPort(), "127.0.0.1");
            }
        }
        try {
            Process p = command.apply(this).start();
            process = p;
            coldStarts++;
            return p;
        } catch (java.io.IOException e) {
            throw new ColdStartFailed(
                    "cannot start the server of model " + name + ": " + e.getMessage());
        }
    }

    /** Where its server listens: a Unix domain socket's path, or a loopback port. */
    SocketAddress address() {
        return address;
    }

    private Future<SocketAddress> awaitReady(Process p, Instant deadline) {
        if (!p.isAlive()) {
            return Future.failedFuture(
                    new ColdStartFailed(
                            "the server of model "
                                    + name
                                    + " version "
                                    + revision()
                                    + " exited with status "
                                    + p.exitValue()
                                    + " while starting"));
        }
        if (Instant.now().isAfter(deadline)) {
            return Future.failedFuture(
                    new ColdStartFailed(
                            "model "
                                    + name
                                    + " version "
                                    + revision()
                                    + " did not become ready within "
                                    + startTimeout.toSeconds()
                                    + " s"));
        }
        RequestOptions probe =
                new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setServer(address)
                        .setHost("localhost")
                        .setURI("/v2/health/ready")
                        .setTimeout(2000);
        return client.request(probe)
                .compose(r -> r.send())
                .compose(r -> r.body().map(b -> r.statusCode()))
                .recover(notYet -> Future.succeededFuture(0))
                .compose(
                        status ->
                                status == 200
                                        ? Future.succeededFuture(address)
                                        : later(25).compose(v -> awaitReady(p, deadline)));
    }

    private Future<Void> later(long millis) {
        Promise<Void> p = Promise.promise();
        vertx.setTimer(millis, id -> p.complete());
        return p.future();
    }

    /** A slot to send one request: at once under the limit, else in line; null when full. */
    synchronized Future<Void> acquire(int limit) {
        lastUsed = System.nanoTime();
        if (inFlight < limit) {
            inFlight++;
            return Future.succeededFuture();
        }
        if (waiting.size() >= QUEUE) {
            return null;
        }
        Promise<Void> slot = Promise.promise();
        waiting.add(slot);
        return slot.future();
    }

    /** Ends one request: its slot goes to the next in line. */
    void release() {
        Promise<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        lastUsed = System.nanoTime();
        if (next != null) {
            next.complete();
        }
    }

    /** Whether it has been idle longer than {@code delay} with nothing in flight. */
    synchronized boolean idleFor(Duration delay) {
        return warm()
                && starting == null
                && inFlight == 0
                && System.nanoTime() - lastUsed > delay.toNanos();
    }

    /** Stops its server on a worker (scale to zero, a new setting, or retirement). */
    Future<Void> stop() {
        Process p;
        synchronized (this) {
            p = process;
            process = null;
        }
        if (p == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(
                () -> {
                    p.destroy();
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                    return null;
                },
                false);
    }

    /** Stops its server from any thread, without waiting (shutdown). */
    synchronized void stopNow() {
        Process p = process;
        process = null;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** A model server could not be started or did not become ready: 503 with the reason. */
    static final class ColdStartFailed extends RuntimeException {
        ColdStartFailed(String message) {
            super(message);
        }
    }
}
