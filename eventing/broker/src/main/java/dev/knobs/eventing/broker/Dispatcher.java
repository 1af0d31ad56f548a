package dev.knobs.eventing.broker;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Delivers stored events to their Triggers' subscribers as Knative's broker does: binary mode, with
 * the broker's credential; retries on 5xx, 404, 408, 409, 429 and network errors with the Trigger's
 * backoff; after the last retry a dead letter — kept in the journal and sent to the Trigger's
 * dead-letter sink with Knative's {@code knativeerror*} attributes. A subscriber's reply event goes
 * back into the broker.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Set<Integer> RETRYABLE = Set.of(404, 408, 409, 429);

    /** How soon a dead letter its sink did not take is offered to the sink again. */
    static final Duration SINK_RETRY = Duration.ofSeconds(30);

    private final Map<String, TriggerDefinition> triggers;
    private final Function<String, URI> subscribers;
    private volatile DeliveryObserver observer = DeliveryObserver.NONE;
    private final DeliveryJournal journal;
    private final Duration timeout;
    private final Supplier<String> credential;
    private final Consumer<CloudEvent> replies;
    private final HttpClient client =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
    private final ScheduledExecutorService scheduler =
            Executors.newScheduledThreadPool(
                    1,
                    r -> {
                        Thread t = new Thread(r, "knobs-broker-delivery");
                        t.setDaemon(true);
                        return t;
                    });

    /** The next try of each delivery still owed, by its journal file. */
    private final Map<String, Scheduled> due = new ConcurrentHashMap<>();

    private record Scheduled(
            DeliveryJournal.Pending delivery, int attempt, ScheduledFuture<?> at) {}

    Dispatcher(
            List<TriggerDefinition> triggers,
            Function<String, URI> subscribers,
            DeliveryJournal journal,
            Duration timeout,
            Supplier<String> credential,
            Consumer<CloudEvent> replies) {
        this.triggers = new ConcurrentHashMap<>();
        triggers.forEach(t -> this.triggers.put(t.name(), t));
        this.subscribers = subscribers;
        this.journal = journal;
        this.timeout = timeout;
        this.credential = credential;
        this.replies = replies;
    }

    /**
     * Ordered Triggers: per Trigger and partition key, the deliveries that wait for the one in
     * flight (present while one is in flight).
     */
    private final Map<String, ArrayDeque<DeliveryJournal.Pending>> lanes = new HashMap<>();

    /** Schedules a delivery; one of an ordered Trigger waits for those of its key before it. */
    void observe(DeliveryObserver observer) {
        this.observer = observer;
    }

    void schedule(DeliveryJournal.Pending delivery, int attempt, Duration delay) {
        if (attempt == 1 && !admitted(delivery)) {
            return;
        }
        at(delivery, attempt, delay);
    }

    private synchronized boolean admitted(DeliveryJournal.Pending delivery) {
        String lane = lane(delivery);
        if (lane == null) {
            return true;
        }
        ArrayDeque<DeliveryJournal.Pending> waiting = lanes.get(lane);
        if (waiting == null) {
            lanes.put(lane, new ArrayDeque<>());
            return true;
        }
        waiting.add(delivery);
        return false;
    }

    /** A delivery is over (taken or given up): the next of its lane goes. */
    private void over(DeliveryJournal.Pending delivery) {
        String lane = lane(delivery);
        if (lane == null) {
            return;
        }
        DeliveryJournal.Pending next;
        synchronized (this) {
            ArrayDeque<DeliveryJournal.Pending> waiting = lanes.get(lane);
            next = waiting == null ? null : waiting.poll();
            if (next == null) {
                lanes.remove(lane);
                return;
            }
        }
        at(next, 1, Duration.ZERO);
    }

    private String lane(DeliveryJournal.Pending delivery) {
        TriggerDefinition trigger = triggers.get(delivery.trigger());
        Object key = delivery.event().getExtension(EventCodec.PARTITION_KEY);
        return trigger == null || !trigger.ordered() || key == null
                ? null
                : trigger.name() + "\n" + key;
    }

    private void at(DeliveryJournal.Pending delivery, int attempt, Duration delay) {
        String file = delivery.file().toString();
        ScheduledFuture<?> at =
                scheduler.schedule(
                        () -> deliver(delivery, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        due.put(file, new Scheduled(delivery, attempt, at));
    }

    /**
     * Tries every owed delivery now, keeping its count of attempts: called when a subscriber that
     * was down is back, so that it does not wait out a long backoff.
     */
    void nudge() {
        for (Scheduled s : List.copyOf(due.values())) {
            if (s.at().cancel(false)) {
                at(s.delivery(), s.attempt(), Duration.ZERO);
            }
        }
    }

    private void deliver(DeliveryJournal.Pending delivery, int attempt) {
        due.remove(delivery.file().toString());
        TriggerDefinition trigger = triggers.get(delivery.trigger());
        if (trigger == null) {
            journal.deadLetter(
                    delivery,
                    "trigger " + delivery.trigger() + " no longer exists",
                    0,
                    attempt - 1,
                    false);
            return;
        }
        HttpRequest request;
        try {
            request = request(subscriber(trigger), delivery.event());
        } catch (RuntimeException e) {
            retryOrDeadLetter(
                    trigger, delivery, attempt, 0, "cannot resolve subscriber: " + e.getMessage());
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete(
                        (response, error) -> {
                            try {
                                outcome(trigger, delivery, attempt, response, error);
                            } catch (RuntimeException e) {
                                LOG.error("delivery bookkeeping failed", e);
                            }
                        });
    }

    private void outcome(
            TriggerDefinition trigger,
            DeliveryJournal.Pending delivery,
            int attempt,
            HttpResponse<byte[]> response,
            Throwable error) {
        if (error != null) {
            String why =
                    error instanceof HttpTimeoutException
                                    || error.getCause() instanceof HttpTimeoutException
                            ? "timed out after " + timeout.toMillis() + " ms"
                            : "network error: " + error;
            retryOrDeadLetter(trigger, delivery, attempt, 0, why);
            return;
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            reply(response);
            journal.delivered(delivery);
            observer.observed(trigger.name(), DeliveryObserver.Outcome.DELIVERED);
            over(delivery);
        } else if (status >= 500 || RETRYABLE.contains(status)) {
            retryOrDeadLetter(
                    trigger, delivery, attempt, status, "HTTP " + status + ": " + body(response));
        } else {
            deadLetter(
                    trigger,
                    delivery,
                    status,
                    "HTTP " + status + " (not retryable): " + body(response),
                    attempt);
        }
    }

    private void reply(HttpResponse<byte[]> response) {
        if (!EventCodec.isCloudEvent(response.headers().map())) {
            return;
        }
        try {
            replies.accept(EventCodec.readHttp(response.headers().map(), response.body()));
        } catch (EventDecodingException e) {
            LOG.warnf("ignoring a malformed reply event: %s", e.getMessage());
        }
    }

    private void retryOrDeadLetter(
            TriggerDefinition trigger,
            DeliveryJournal.Pending delivery,
            int attempt,
            int status,
            String why) {
        if (attempt <= trigger.retry()) {
            LOG.debugf(
                    "retry %d of %s to %s: %s",
                    attempt, delivery.event().getId(), trigger.name(), why);
            observer.observed(trigger.name(), DeliveryObserver.Outcome.RETRIED);
            schedule(delivery, attempt + 1, trigger.backoff(attempt));
        } else {
            deadLetter(trigger, delivery, status, why, attempt);
        }
    }

    /**
     * Keeps the dead letter in the journal — owed to the Trigger's dead-letter sink when it has one
     * — and hands it to the sink.
     */
    private void deadLetter(
            TriggerDefinition trigger,
            DeliveryJournal.Pending delivery,
            int status,
            String why,
            int attempts) {
        LOG.warnf(
                "dead letter after %d attempts: %s to %s: %s",
                attempts, delivery.event().getId(), trigger.name(), why);
        DeliveryJournal.DeadLetter letter =
                journal.deadLetter(
                        delivery, why, status, attempts, trigger.deadLetterService() != null);
        observer.observed(trigger.name(), DeliveryObserver.Outcome.DEAD_LETTERED);
        over(delivery);
        toSink(letter);
    }

    /**
     * Hands the dead letters still owed to their sinks (after a start, or when a subscriber is
     * back) to them.
     */
    void resendDeadLetters() {
        journal.deadLetters().stream()
                .filter(DeliveryJournal.DeadLetter::toSink)
                .forEach(this::toSink);
    }

    /**
     * Sends a dead letter, with Knative's {@code knativeerror*} attributes, to its Trigger's sink;
     * once taken it is marked so, else it is tried again in {@link #SINK_RETRY}.
     */
    private void toSink(DeliveryJournal.DeadLetter letter) {
        TriggerDefinition trigger = triggers.get(letter.trigger());
        if (!letter.toSink() || trigger == null || trigger.deadLetterService() == null) {
            return;
        }
        try {
            CloudEvent marked =
                    CloudEventBuilder.v1(letter.event())
                            .withExtension("knativeerrordest", subscriber(trigger).toString())
                            .withExtension("knativeerrorcode", String.valueOf(letter.status()))
                            .withExtension(
                                    "knativeerrordata",
                                    Base64.getEncoder()
                                            .encodeToString(
                                                    letter.reason()
                                                            .getBytes(StandardCharsets.UTF_8)))
                            .build();
            URI sink = subscribers.apply(trigger.deadLetterService());
            URI target =
                    trigger.deadLetterPath().isEmpty()
                            ? sink
                            : sink.resolve(trigger.deadLetterPath());
            client.sendAsync(request(target, marked), HttpResponse.BodyHandlers.discarding())
                    .whenComplete(
                            (r, e) -> sinkOutcome(letter, e == null && r.statusCode() / 100 == 2));
        } catch (RuntimeException e) {
            sinkOutcome(letter, false);
        }
    }

    private void sinkOutcome(DeliveryJournal.DeadLetter letter, boolean taken) {
        if (taken) {
            journal.sunk(letter);
            return;
        }
        LOG.warnf(
                "the dead-letter sink of %s did not take %s yet; trying again in %s",
                letter.trigger(), letter.event().getId(), SINK_RETRY);
        scheduler.schedule(() -> toSink(letter), SINK_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private URI subscriber(TriggerDefinition trigger) {
        URI base = subscribers.apply(trigger.subscriberService());
        if (base == null) {
            throw new IllegalStateException(
                    "no address for service " + trigger.subscriberService());
        }
        return trigger.subscriberPath().isEmpty() ? base : base.resolve(trigger.subscriberPath());
    }

    private HttpRequest request(URI target, CloudEvent event) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(timeout);
        String token = credential.get();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        byte[] body = EventCodec.writeBinary(event, builder::header);
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static String body(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
