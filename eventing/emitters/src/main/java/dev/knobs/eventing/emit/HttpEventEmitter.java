package dev.knobs.eventing.emit;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.KnobsEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts events in CloudEvents binary mode to a sink (a Knative Broker ingress, or the embedded
 * broker), retrying with exponential backoff on network errors and on 5xx / 429 answers.
 */
public class HttpEventEmitter implements EventEmitter {
    private static final int ATTEMPTS = 5;

    private final URI sink;
    private final HttpClient client;

    public HttpEventEmitter(URI sink) {
        this.sink = sink;
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
    }

    public URI sink() {
        return sink;
    }

    @Override
    public void emit(KnobsEvent<?> event) {
        HttpRequest.Builder request = HttpRequest.newBuilder(sink).timeout(Duration.ofSeconds(30));
        byte[] body = EventCodec.writeBinary(EventCodec.toCloudEvent(event), request::header);
        HttpRequest built = request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        String failure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response =
                        client.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                failure = "HTTP " + status + ": " + response.body();
                if (status < 500 && status != 429) {
                    break;
                }
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
                break;
            }
            sleep(100L << attempt);
        }
        throw new EmitException(
                "could not emit "
                        + event.type().type()
                        + " "
                        + event.id()
                        + " to "
                        + sink
                        + ": "
                        + failure,
                null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
