package dev.knobs.eventing.emit;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.EventType;
import dev.knobs.eventing.broker.EmbeddedBroker;
import dev.knobs.eventing.broker.TriggerDefinition;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP emitter (binary mode to {@code K_SINK}) against the embedded broker. */
class HttpEventEmitterTest extends EventEmitterContract {
    @TempDir Path journal;
    private final ConcurrentLinkedQueue<CloudEvent> delivered = new ConcurrentLinkedQueue<>();
    private HttpServer subscriber;
    private EmbeddedBroker broker;

    @BeforeEach
    void start() throws IOException {
        subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        subscriber.createContext(
                "/",
                ex -> {
                    try (ex) {
                        delivered.add(
                                EventCodec.readHttp(
                                        ex.getRequestHeaders(),
                                        ex.getRequestBody().readAllBytes()));
                        ex.sendResponseHeaders(202, -1);
                    }
                });
        subscriber.start();
        URI target = URI.create("http://127.0.0.1:" + subscriber.getAddress().getPort() + "/");
        List<TriggerDefinition> triggers =
                Arrays.stream(EventType.values())
                        .map(
                                t ->
                                        new TriggerDefinition(
                                                t.shortName(),
                                                "knobs",
                                                Map.of("type", t.type()),
                                                "svc",
                                                "",
                                                3,
                                                Duration.ofMillis(10),
                                                true))
                        .toList();
        broker =
                new EmbeddedBroker(triggers, svc -> target, journal, Duration.ofSeconds(5))
                        .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        broker.close();
        subscriber.stop(0);
    }

    @Override
    EventEmitter emitter() {
        return new HttpEventEmitter(broker.uri());
    }

    @Override
    EventEmitter unreachable() {
        return new HttpEventEmitter(URI.create("http://127.0.0.1:1/"));
    }

    @Override
    List<CloudEvent> received(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() >= count);
        return new ArrayList<>(delivered);
    }
}
