package dev.knobs.eventing.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import dev.knobs.eventing.HttpServers;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A single-node broker for the embedded default that behaves like a Knative Broker: it accepts
 * CloudEvents over HTTP (binary or structured), stores one delivery per matching Trigger before it
 * answers 202, delivers in binary mode to each Trigger's subscriber, retries with backoff on 5xx,
 * 404, 408, 409, 429 and timeouts, keeps a dead-letter record after the last retry, and puts a
 * subscriber's reply event back into the broker.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class);
    private static final Set<Integer> RETRYABLE = Set.of(404, 408, 409, 429);

    private final List<TriggerDefinition> triggers;
    private final Function<String, URI> subscribers;
    private final DeliveryJournal journal;
    private final Duration deliveryTimeout;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler =
            Executors.newScheduledThreadPool(1, daemon("knobs-broker-retry"));
    private final ExecutorService httpThreads =
            Executors.newFixedThreadPool(4, daemon("knobs-broker-ingress"));
    private HttpServer server;

    /**
     * @param subscribers resolves a Trigger's subscriber Service name to its base URL
     */
    public EmbeddedBroker(
            List<TriggerDefinition> triggers,
            Function<String, URI> subscribers,
            Path journalDir,
            Duration deliveryTimeout) {
        this.triggers = List.copyOf(triggers);
        this.subscribers = subscribers;
        this.journal = new DeliveryJournal(journalDir);
        this.deliveryTimeout = deliveryTimeout;
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
    }

    /**
     * Starts the ingress on {@code host:port} (port 0 picks a free one) and resumes pending
     * deliveries.
     */
    public EmbeddedBroker start(String host, int port) throws IOException {
        server = HttpServers.create(host, port, 64);
        server.createContext("/", this::ingress);
        server.setExecutor(httpThreads);
        server.start();
        List<DeliveryJournal.Pending> resumed = journal.pending();
        resumed.forEach(p -> schedule(p, 1, Duration.ZERO));
        LOG.infof(
                "embedded broker listening on %s (%d triggers, %d deliveries resumed)",
                uri(), triggers.size(), resumed.size());
        return this;
    }

    public URI uri() {
        return URI.create(
                "http://"
                        + server.getAddress().getHostString()
                        + ":"
                        + server.getAddress().getPort()
                        + "/");
    }

    public List<DeliveryJournal.DeadLetter> deadLetters() {
        return journal.deadLetters();
    }

    public int pendingDeliveries() {
        return journal.pending().size();
    }

    /** Accepts an event as if it had been posted to the ingress. */
    public void accept(CloudEvent event) {
        for (TriggerDefinition trigger : triggers) {
            if (trigger.matches(event)) {
                DeliveryJournal.Pending delivery = journal.store(trigger.name(), event);
                schedule(delivery, 1, Duration.ZERO);
            }
        }
    }

    private void ingress(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "{\"error\":\"the broker ingress accepts POST only\"}");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            CloudEvent event;
            try {
                event = EventCodec.readHttp(exchange.getRequestHeaders(), body);
            } catch (EventDecodingException e) {
                answer(exchange, 400, "{\"error\":" + quote(e.getMessage()) + "}");
                return;
            }
            accept(event);
            answer(exchange, 202, "");
        } catch (RuntimeException e) {
            LOG.error("broker ingress failed", e);
        }
    }

    private void schedule(DeliveryJournal.Pending delivery, int attempt, Duration delay) {
        scheduler.schedule(
                () -> deliver(delivery, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliver(DeliveryJournal.Pending delivery, int attempt) {
        TriggerDefinition trigger = trigger(delivery.trigger());
        if (trigger == null) {
            journal.deadLetter(
                    delivery, "trigger " + delivery.trigger() + " no longer exists", attempt - 1);
            return;
        }
        HttpRequest request;
        try {
            request = request(trigger, delivery.event());
        } catch (RuntimeException e) {
            retryOrDeadLetter(
                    trigger, delivery, attempt, "cannot resolve subscriber: " + e.getMessage());
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete(
                        (response, error) -> {
                            try {
                                handleOutcome(trigger, delivery, attempt, response, error);
                            } catch (RuntimeException e) {
                                LOG.error("delivery bookkeeping failed", e);
                            }
                        });
    }

    private void handleOutcome(
            TriggerDefinition trigger,
            DeliveryJournal.Pending delivery,
            int attempt,
            HttpResponse<byte[]> response,
            Throwable error) {
        if (error != null) {
            String why =
                    error instanceof HttpTimeoutException
                                    || error.getCause() instanceof HttpTimeoutException
                            ? "timed out after " + deliveryTimeout.toMillis() + " ms"
                            : "network error: " + error;
            retryOrDeadLetter(trigger, delivery, attempt, why);
            return;
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            acceptReply(response);
            journal.delivered(delivery);
        } else if (status >= 500 || RETRYABLE.contains(status)) {
            retryOrDeadLetter(trigger, delivery, attempt, "HTTP " + status + ": " + body(response));
        } else {
            journal.deadLetter(
                    delivery, "HTTP " + status + " (not retryable): " + body(response), attempt);
            LOG.warnf("dead letter for %s: HTTP %d %s", trigger.name(), status, body(response));
        }
    }

    private void acceptReply(HttpResponse<byte[]> response) {
        if (!EventCodec.isCloudEvent(response.headers().map())) {
            return;
        }
        try {
            accept(EventCodec.readHttp(response.headers().map(), response.body()));
        } catch (EventDecodingException e) {
            LOG.warnf("ignoring a malformed reply event: %s", e.getMessage());
        }
    }

    private void retryOrDeadLetter(
            TriggerDefinition trigger, DeliveryJournal.Pending delivery, int attempt, String why) {
        if (attempt <= trigger.retry()) {
            LOG.debugf(
                    "retry %d of %s to %s: %s",
                    attempt, delivery.event().getId(), trigger.name(), why);
            schedule(delivery, attempt + 1, trigger.backoff(attempt));
        } else {
            LOG.warnf(
                    "dead letter after %d attempts: %s to %s: %s",
                    attempt, delivery.event().getId(), trigger.name(), why);
            journal.deadLetter(delivery, why, attempt);
        }
    }

    private HttpRequest request(TriggerDefinition trigger, CloudEvent event) {
        URI base = subscribers.apply(trigger.subscriberService());
        if (base == null) {
            throw new IllegalStateException(
                    "no address for service " + trigger.subscriberService());
        }
        URI target =
                trigger.subscriberPath().isEmpty() ? base : base.resolve(trigger.subscriberPath());
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(deliveryTimeout);
        byte[] body = EventCodec.writeBinary(event, builder::header);
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private TriggerDefinition trigger(String name) {
        return triggers.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    private static String body(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        scheduler.shutdownNow();
        httpThreads.shutdownNow();
    }
}
