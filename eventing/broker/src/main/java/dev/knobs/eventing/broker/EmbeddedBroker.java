package dev.knobs.eventing.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventDecodingException;
import dev.knobs.eventing.HttpServers;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.trust.Credentials;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A single-node broker for the embedded default that behaves like a Knative Broker: it accepts
 * CloudEvents over HTTP (binary or structured) from the senders its {@link Gate} admits, checked
 * before the body is read; stores one delivery per matching Trigger before it answers 202; and
 * delivers them ({@link Dispatcher}) by the Triggers' subscriber, retry and dead-letter settings —
 * the very Trigger manifests a cluster applies.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class);

    /**
     * Who may send events, what the broker presents to subscribers, and how large an event may be.
     *
     * @param sender whether an {@code Authorization} header (or null) admits its sender
     * @param credential the bearer token presented with every delivery, or null
     */
    public record Gate(Predicate<String> sender, Supplier<String> credential, long maxEventBytes) {
        /** Events of at most a mebibyte. */
        public static final long MAX_EVENT_BYTES = 1L << 20;

        /**
         * The platform's gate: the front and the functions may send, each with its own credential;
         * deliveries present the broker's.
         */
        public static Gate forParts(Credentials credentials) {
            return new Gate(
                    authorization ->
                            credentials
                                    .partOf(Credentials.bearer(authorization))
                                    .filter(p -> p != Credentials.Part.BROKER)
                                    .isPresent(),
                    () -> credentials.part(Credentials.Part.BROKER),
                    MAX_EVENT_BYTES);
        }

        /** Anyone may send, nothing is presented: for tests of routing alone. */
        public static Gate open() {
            return new Gate(authorization -> true, () -> null, MAX_EVENT_BYTES);
        }
    }

    private final List<TriggerDefinition> triggers;
    private final DeliveryJournal journal;
    private final Gate gate;
    private final Dispatcher dispatcher;
    private final ExecutorService httpThreads =
            Executors.newFixedThreadPool(
                    4,
                    r -> {
                        Thread t = new Thread(r, "knobs-broker-ingress");
                        t.setDaemon(true);
                        return t;
                    });
    private HttpServer server;

    /**
     * @param subscribers resolves a Trigger's subscriber Service name to its base URL
     */
    public EmbeddedBroker(
            List<TriggerDefinition> triggers,
            Function<String, URI> subscribers,
            Path journalDir,
            Duration deliveryTimeout,
            Gate gate) {
        this.triggers = List.copyOf(triggers);
        this.journal = new DeliveryJournal(journalDir);
        this.gate = gate;
        this.dispatcher =
                new Dispatcher(
                        triggers,
                        subscribers,
                        journal,
                        deliveryTimeout,
                        gate.credential(),
                        this::accept);
    }

    /** A broker with an {@link Gate#open() open} gate: for tests of routing alone. */
    public EmbeddedBroker(
            List<TriggerDefinition> triggers,
            Function<String, URI> subscribers,
            Path journalDir,
            Duration deliveryTimeout) {
        this(triggers, subscribers, journalDir, deliveryTimeout, Gate.open());
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
        resumed.forEach(p -> dispatcher.schedule(p, 1, Duration.ZERO));
        dispatcher.resendDeadLetters();
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

    /** Tells {@code observer} how each delivery attempt ends (metrics). */
    public EmbeddedBroker observe(DeliveryObserver observer) {
        dispatcher.observe(observer);
        return this;
    }

    /** Tries every owed delivery now (a subscriber that was down is back). */
    public void nudge() {
        dispatcher.nudge();
    }

    /** Accepts an event as if an admitted sender had posted it to the ingress. */
    public void accept(CloudEvent event) {
        for (TriggerDefinition trigger : triggers) {
            if (trigger.matches(event)) {
                dispatcher.schedule(journal.store(trigger.name(), event), 1, Duration.ZERO);
            }
        }
    }

    private void ingress(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "the broker ingress accepts POST only");
                return;
            }
            if (!gate.sender().test(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"knobs\"");
                answer(exchange, 401, "the broker takes events from the platform's own parts only");
                return;
            }
            CloudEvent event;
            try {
                event =
                        EventCodec.readHttp(
                                exchange.getRequestHeaders(),
                                HttpServers.body(exchange, gate.maxEventBytes()));
            } catch (HttpServers.TooLarge e) {
                answer(exchange, 413, e.getMessage());
                return;
            } catch (EventDecodingException e) {
                answer(exchange, 400, e.getMessage());
                return;
            }
            try {
                accept(event);
            } catch (RuntimeException e) {
                // not stored: the sender keeps the event and sends it again
                LOG.error("broker ingress failed", e);
                answer(exchange, 503, "the broker could not store the event; send it again");
                return;
            }
            answer(exchange, 202, null);
        }
    }

    private static void answer(HttpExchange exchange, int status, String error) throws IOException {
        if (error == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes =
                Json.MAPPER
                        .createObjectNode()
                        .put("error", error)
                        .toString()
                        .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        dispatcher.close();
        httpThreads.shutdownNow();
    }
}
