package dev.knobs.web.subscription;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP sinks: one POST per attempt, to the address {@link SinkCheck} approved (the URL's host still
 * names the receiver: {@code Host}, TLS server name and certificate check). Redirects are not
 * followed. Only the first kilobyte of an answer is kept, for the delivery log; the rest is read
 * and dropped.
 */
@ApplicationScoped
public class HttpSinks {
    static final int EXCERPT = 1024;

    /** A receiver's answer: its status, the start of its body, and a Retry-After in seconds. */
    public record Answer(int status, String excerpt, long retryAfterSeconds) {}

    private final Vertx vertx;
    private final HttpClient client;

    @Inject
    public HttpSinks(Vertx vertx) {
        this.vertx = vertx;
        this.client =
                vertx.createHttpClient(
                        new HttpClientOptions()
                                .setConnectTimeout(10_000)
                                .setKeepAlive(true)
                                .setMaxPoolSize(32)
                                .setVerifyHost(true)
                                .setForceSni(true)
                                .setTryUseCompression(false));
    }

    /**
     * Posts {@code body} to {@code sink} at {@code address}; fails on no answer in {@code timeout}.
     */
    public Future<Answer> post(
            URI sink,
            InetAddress address,
            Map<String, String> headers,
            byte[] body,
            Duration timeout) {
        boolean tls = "https".equalsIgnoreCase(sink.getScheme());
        int port = sink.getPort() > 0 ? sink.getPort() : tls ? 443 : 80;
        String path =
                (sink.getRawPath() == null || sink.getRawPath().isEmpty() ? "/" : sink.getRawPath())
                        + (sink.getRawQuery() == null ? "" : "?" + sink.getRawQuery());
        RequestOptions options =
                new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                        .setHost(sink.getHost())
                        .setPort(port)
                        .setSsl(tls)
                        .setURI(path)
                        .setFollowRedirects(false)
                        .setIdleTimeout(timeout.toMillis());
        headers.forEach(options::putHeader);
        Promise<Answer> answer = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer =
                vertx.setTimer(
                        timeout.toMillis(),
                        id -> {
                            if (answer.tryFail(
                                            new TimeoutException(
                                                    "no whole answer in "
                                                            + timeout.toSeconds()
                                                            + " s"))
                                    && sent.get() != null) {
                                sent.get().reset();
                            }
                        });
        client.request(options)
                .compose(
                        request -> {
                            sent.set(request);
                            return request.send(Buffer.buffer(body));
                        })
                .onSuccess(response -> read(response, answer))
                .onFailure(answer::tryFail);
        return answer.future().onComplete(done -> vertx.cancelTimer(timer));
    }

    private static void read(HttpClientResponse response, Promise<Answer> answer) {
        Buffer head = Buffer.buffer();
        response.handler(
                chunk -> {
                    int room = EXCERPT - head.length();
                    if (room > 0) {
                        head.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
                    }
                });
        response.exceptionHandler(answer::tryFail);
        response.endHandler(
                v ->
                        answer.tryComplete(
                                new Answer(
                                        response.statusCode(),
                                        head.toString(StandardCharsets.UTF_8),
                                        retryAfter(response.getHeader("Retry-After")))));
    }

    /** Seconds of a {@code Retry-After} header (delay or HTTP date); -1 when there is none. */
    static long retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at =
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(), at).toSeconds());
            } catch (RuntimeException notADate) {
                return -1;
            }
        }
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }
}
