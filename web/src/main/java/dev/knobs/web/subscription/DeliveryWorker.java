package dev.knobs.web.subscription;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.Json;
import dev.knobs.web.config.WebConfig;
import dev.knobs.web.metrics.WebMeters;
import io.cloudevents.CloudEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends what the delivery queue owes: at once when an event was queued ({@link #signal()}) and
 * every second for retries that fell due. Each attempt is signed as Standard Webhooks says (HTTP)
 * or carries the same headers (Kafka), is recorded in the delivery log, and then the delivery is
 * done, retried later by the configured schedule (or a receiver's {@code Retry-After}, if longer),
 * or failed once the schedule is spent. A receiver that answers 410 Gone disables its subscription
 * and its owner is told. Delivery is at least once: a crash between a receiver's answer and its
 * record sends the event again, with the same {@code webhook-id}.
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    /** Deliveries sent at once, at most. */
    private static final int IN_FLIGHT = 64;

    @Inject Deliveries queue;
    @Inject HttpSinks http;
    @Inject KafkaSinks kafka;
    @Inject SecretBox secrets;
    @Inject WebConfig config;
    @Inject Vertx vertx;
    @Inject WebMeters meters;

    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private WorkerExecutor blocking;
    private long timer = -1;
    private long pruning = -1;
    private volatile boolean stopping;

    void start(@Observes StartupEvent event) {
        // name lookups and Kafka's blocking calls: threads of their own, so a slow sink never
        // holds the threads the rest of the front works on
        blocking = vertx.createSharedWorkerExecutor("knobs-deliveries", 8);
        timer = vertx.setPeriodic(1000, id -> signal());
        pruning = vertx.setPeriodic(60_000, 3_600_000, id -> prune());
    }

    /** Keeps the delivery log to {@code knobs.notifications.log-retention}. */
    private void prune() {
        queue.prune(config.notifications().logRetention())
                .subscribe()
                .with(
                        n -> LOG.debugf("%d old deliveries forgotten", n),
                        f -> LOG.warnf("cannot prune the delivery log: %s", f.toString()));
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            vertx.cancelTimer(pruning);
        }
    }

    /**
     * Looks for due deliveries now. One claim at a time (a signal during a claim runs another);
     * each claimed delivery then goes on its own, so a slow receiver delays only its own
     * subscription's events.
     */
    public void signal() {
        if (stopping) {
            return; // what is owed stays owed, for the next start
        }
        again.set(true);
        if (claiming.compareAndSet(false, true)) {
            claim();
        }
    }

    private void claim() {
        again.set(false);
        int room = IN_FLIGHT - inFlight.get();
        if (room <= 0) {
            claimed(false);
            return;
        }
        queue.claim(room)
                .subscribe()
                .with(
                        batch -> {
                            batch.forEach(this::start);
                            claimed(batch.size() == room);
                        },
                        failure -> {
                            LOG.warnf("delivering events: %s (will retry)", failure.toString());
                            claimed(false);
                        });
    }

    private void claimed(boolean more) {
        claiming.set(false);
        if ((more || again.get()) && claiming.compareAndSet(false, true)) {
            claim();
        }
    }

    /** Sends one claimed delivery; when it is done, the next of its experiment may go. */
    private void start(Deliveries.Claimed d) {
        inFlight.incrementAndGet();
        deliver(d)
                .onFailure()
                .recoverWithUni(f -> unexpected(d, f))
                .subscribe()
                .with(
                        done -> finished(),
                        failure -> {
                            LOG.warnf("delivery %d: %s (will retry)", d.id(), failure.toString());
                            finished();
                        });
    }

    private void finished() {
        inFlight.decrementAndGet();
        signal();
    }

    private Uni<Void> unexpected(Deliveries.Claimed d, Throwable f) {
        if (stopping) {
            return Uni.createFrom().voidItem(); // its lease ends; the next start sends it
        }
        LOG.errorf(f, "delivery %d failed unexpectedly", d.id());
        return queue.record(d, retry(d, null, "the platform failed to send it: " + f, 0, -1));
    }

    private Uni<Void> deliver(Deliveries.Claimed d) {
        return queue.target(d.subscriptionId())
                .chain(
                        target ->
                                target == null || target.state() != Subscription.State.ACTIVE
                                        ? queue.cancel(d)
                                        : send(d, target)
                                                .invoke(r -> observe(target, r))
                                                .chain(r -> queue.record(d, r)));
    }

    private void observe(Deliveries.Target target, Deliveries.Result r) {
        String outcome =
                r.delivered()
                        ? "delivered"
                        : r.gone()
                                ? "gone"
                                : r.next() == Delivery.State.PENDING ? "retried" : "failed";
        meters.subscriptionAttempt(target.protocol().name(), outcome, r.latencyMs());
    }

    private Uni<Deliveries.Result> send(Deliveries.Claimed d, Deliveries.Target target) {
        byte[] body = d.event().getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        Uni<Deliveries.Result> sent;
        if (target.protocol() == Subscription.Protocol.HTTP) {
            sent = sendHttp(d, target, signed(d, target, body), body, started);
        } else {
            CloudEvent event =
                    EventCodec.readHttp(
                            Map.of("content-type", List.of("application/cloudevents+json")), body);
            // in Kafka's binary mode the record's value is the event's data: that is what is signed
            byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
            sent = sendKafka(d, target, signed(d, target, data), event, started);
        }
        return sent.onFailure()
                .recoverWithItem(f -> retry(d, null, reason(f), millisSince(started), -1));
    }

    /** The Standard Webhooks headers for {@code payload}, signed now with every valid secret. */
    private Map<String, String> signed(Deliveries.Claimed d, Deliveries.Target t, byte[] payload) {
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", d.messageId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put(
                "webhook-signature",
                WebhookSigner.signature(secretsOf(d, t), d.messageId(), timestamp, payload));
        return headers;
    }

    private List<String> secretsOf(Deliveries.Claimed d, Deliveries.Target t) {
        List<String> all = new ArrayList<>();
        all.add(secrets.open(t.secret(), d.subscriptionId()));
        if (t.previousSecret() != null
                && t.previousSecretUntil() != null
                && t.previousSecretUntil().isAfter(Instant.now())) {
            all.add(secrets.open(t.previousSecret(), d.subscriptionId()));
        }
        return all;
    }

    private Uni<Deliveries.Result> sendHttp(
            Deliveries.Claimed d,
            Deliveries.Target target,
            Map<String, String> headers,
            byte[] body,
            long started) {
        URI sink = URI.create(target.sink());
        Map<String, Object> settings = Json.read(target.protocolSettings(), Json.VALUES);
        if (settings.get("headers") instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> headers.putIfAbsent(String.valueOf(k), String.valueOf(v)));
        }
        headers.put("content-type", "application/cloudevents+json; charset=utf-8");
        headers.put("user-agent", "Knobs-Webhooks/1");
        Duration timeout = config.notifications().timeout();
        return checked(sink.getHost())
                .chain(address -> answer(http.post(sink, address, headers, body, timeout)))
                .map(answer -> judge(d, answer, millisSince(started)));
    }

    private Uni<Deliveries.Result> sendKafka(
            Deliveries.Claimed d,
            Deliveries.Target target,
            Map<String, String> headers,
            CloudEvent event,
            long started) {
        String topic =
                String.valueOf(Json.read(target.protocolSettings(), Json.VALUES).get("topicName"));
        return blocking(
                        () -> {
                            for (String server : KafkaSinks.servers(target.sink())) {
                                SinkCheck.resolve(
                                        KafkaSinks.host(server),
                                        config.notifications().allowPrivateSinks());
                            }
                            kafka.send(
                                    target.sink(),
                                    topic,
                                    d.orderKey(),
                                    event,
                                    headers,
                                    config.notifications().timeout());
                            return null;
                        })
                .map(
                        done ->
                                new Deliveries.Result(
                                        null,
                                        "acknowledged by Kafka (topic " + topic + ")",
                                        millisSince(started),
                                        true,
                                        Delivery.State.DELIVERED,
                                        null,
                                        false,
                                        null));
    }

    private static <T> Uni<T> answer(io.vertx.core.Future<T> future) {
        return Uni.createFrom().completionStage(future.toCompletionStage());
    }

    /** The first address of {@code host}, once every address it has is allowed. */
    private Uni<InetAddress> checked(String host) {
        return blocking(
                () -> SinkCheck.resolve(host, config.notifications().allowPrivateSinks()).get(0));
    }

    private <T> Uni<T> blocking(java.util.concurrent.Callable<T> work) {
        return Uni.createFrom()
                .completionStage(
                        blocking.<T>executeBlocking(work::call, false).toCompletionStage());
    }

    /** A receiver's answer: 2xx delivered, 410 gone, anything else retried. */
    private Deliveries.Result judge(Deliveries.Claimed d, HttpSinks.Answer a, long latency) {
        String excerpt = a.excerpt();
        if (a.status() >= 200 && a.status() < 300) {
            return new Deliveries.Result(
                    a.status(),
                    excerpt,
                    latency,
                    true,
                    Delivery.State.DELIVERED,
                    null,
                    false,
                    null);
        }
        if (a.status() == 410) {
            return new Deliveries.Result(
                    a.status(),
                    excerpt,
                    latency,
                    false,
                    Delivery.State.FAILED,
                    null,
                    true,
                    "Your subscription "
                            + d.subscriptionId()
                            + " is disabled: its receiver answered 410 Gone. Enable it again once"
                            + " the receiver takes events.");
        }
        if (a.status() >= 300 && a.status() < 400) {
            excerpt = "redirects are not followed; " + excerpt;
        }
        return retry(d, a.status(), excerpt, latency, a.retryAfterSeconds());
    }

    /** A failed attempt: the next by the schedule (or Retry-After, if later), or the last. */
    private Deliveries.Result retry(
            Deliveries.Claimed d, Integer status, String excerpt, long latency, long retryAfter) {
        List<Duration> schedule = config.notifications().retrySchedule();
        int done = d.attempts() + 1;
        if (done > schedule.size()) {
            return new Deliveries.Result(
                    status,
                    excerpt,
                    latency,
                    false,
                    Delivery.State.FAILED,
                    null,
                    false,
                    "A "
                            + d.eventType().replace("dev.knobs.", "")
                            + " event could not be delivered to subscription "
                            + d.subscriptionId()
                            + " after "
                            + done
                            + " attempts; you may redeliver it from its delivery log.");
        }
        Duration wait = schedule.get(done - 1);
        if (retryAfter > wait.toSeconds()) {
            wait = Duration.ofSeconds(Math.min(retryAfter, Duration.ofDays(1).toSeconds()));
        }
        return new Deliveries.Result(
                status,
                excerpt,
                latency,
                false,
                Delivery.State.PENDING,
                Instant.now().plus(wait),
                false,
                null);
    }

    private static String reason(Throwable f) {
        Throwable root = f;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message =
                root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return f instanceof SinkCheck.Refused ? "refused: " + message : "no answer: " + message;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
