package dev.knobs.functions.serving.gateway;

import dev.knobs.eventing.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.Map;

/**
 * The gateway's reverse proxying: a request streamed to a model server over a pooled connection of
 * the request's own event loop, every end-to-end header passed both ways, the answer streamed back;
 * errors as {@code {"error": ...}}.
 */
final class Proxy {
    private Proxy() {}

    /** The largest request it forwards (the model server's own limit). */
    static final long MAX_BODY = 16L << 20;

    /** Headers that belong to one connection, never forwarded (RFC 9110 section 7.6.1). */
    private static final String[] HOP_BY_HOP = {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host"
    };

    /** Runs {@code work} on the request's own event loop (a start may end on another thread). */
    static void onContext(Context own, Runnable work) {
        if (Vertx.currentContext() == own) {
            work.run();
        } else {
            own.runOnContext(v -> work.run());
        }
    }

    /** Whether a declared length is past the limit (or no length at all). */
    static boolean tooLarge(String declared) {
        long length = length(declared);
        return length < 0 || length > MAX_BODY;
    }

    /** A body this small travels in one piece with its headers: one write instead of two. */
    static final long WHOLE = 64 << 10;

    static void forward(
            HttpServerRequest req,
            HttpClient client,
            ServedVersion v,
            SocketAddress server,
            String path) {
        String query = req.query();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copy(req.headers(), headers);
        RequestOptions options =
                new RequestOptions()
                        .setMethod(req.method())
                        .setServer(server)
                        .setHost("localhost")
                        .setURI(query == null ? path : path + "?" + query)
                        .setHeaders(headers)
                        .setIdleTimeout(120_000);
        HttpServerResponse response = req.response();
        boolean[] released = {false};
        Runnable done =
                () -> {
                    if (!released[0]) {
                        released[0] = true;
                        v.release();
                    }
                };
        response.closeHandler(closed -> done.run());
        long length = length(req.getHeader(HttpHeaders.CONTENT_LENGTH));
        Future<HttpClientResponse> answered;
        if (length >= 0 && length <= WHOLE) {
            Future<Buffer> body = req.body();
            req.resume();
            answered = body.compose(b -> client.request(options).compose(out -> out.send(b)));
        } else {
            // larger, or of unknown length: streamed as it arrives
            answered = client.request(options).compose(out -> out.send(req));
        }
        answered.onSuccess(answer -> relay(answer, response, done))
                .onFailure(
                        e -> {
                            done.run();
                            send(response, 502, "the model server failed: " + e.getMessage());
                        });
    }

    private static long length(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void relay(
            HttpClientResponse answer, HttpServerResponse response, Runnable done) {
        response.setStatusCode(answer.statusCode());
        copy(answer.headers(), response.headers());
        long length = length(answer.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (length >= 0 && length <= WHOLE) {
            answer.body()
                    .onComplete(
                            body -> {
                                done.run();
                                if (body.succeeded()) {
                                    response.end(body.result());
                                } else {
                                    response.reset();
                                }
                            });
            return;
        }
        if (length < 0) {
            response.setChunked(true);
        }
        answer.pipeTo(response).onComplete(r -> done.run());
    }

    private static void copy(MultiMap from, MultiMap to) {
        for (Map.Entry<String, String> h : from) {
            if (!hopByHop(h.getKey())) {
                to.add(h.getKey(), h.getValue());
            }
        }
    }

    /** Whether a header belongs to one connection (RFC 9110 section 7.6.1), without allocating. */
    private static boolean hopByHop(String name) {
        for (String h : HOP_BY_HOP) {
            if (h.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    static void send(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(Map.of("error", String.valueOf(message)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            json = "{\"error\":\"unexpected\"}";
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(json);
    }
}
