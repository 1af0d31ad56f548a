package dev.knobs.eventing.emit;

import dev.knobs.eventing.EventCodec;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.trust.EventSignatures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Posts events in CloudEvents binary mode to a sink (a Knative Broker ingress, the embedded broker,
 * or the front's ingress for trials), retrying with exponential backoff on network errors and on
 * 5xx / 408 / 429 answers. It presents {@code Authorization: Bearer <credential>} when it has one,
 * and signs the events it emits when it holds the platform's key.
 */
public class HttpEventEmitter implements EventEmitter {
    private static final int ATTEMPTS = 5;

    private final URI sink;
    private final Supplier<String> credential;
    private final EventSignatures signatures;
    private final HttpClient client;

    /** An emitter with no credential that signs nothing. */
    public HttpEventEmitter(URI sink) {
        this(sink, () -> null, null);
    }

    /**
     * @param credential the bearer token to present, asked for each event (it may be a file that is
     *     refreshed); null or empty for none
     * @param signatures the platform's signer, or null (a trial does not sign)
     */
    public HttpEventEmitter(URI sink, Supplier<String> credential, EventSignatures signatures) {
        this.sink = sink;
        this.credential = credential;
        this.signatures = signatures;
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
        String bearer = credential.get();
        if (bearer != null && !bearer.isBlank()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        byte[] body =
                EventCodec.writeBinary(EventCodec.toCloudEvent(event, signatures), request::header);
        HttpRequest built = request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        String failure = null;
        boolean retryable = true;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response =
                        client.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                failure = "HTTP " + status + ": " + response.body();
                // the event itself was refused (not who sent it, nor when): trying again is futile
                if (status < 500
                        && status != 401
                        && status != 403
                        && status != 408
                        && status != 429) {
                    retryable = false;
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
                null,
                retryable);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
