package dev.knobs.trainer.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.knobs.eventing.Json;
import dev.knobs.trainer.serve.ServeErrors.ModelUnavailable;
import dev.knobs.trainer.serve.ServeErrors.NotAllowed;
import dev.knobs.trainer.serve.ServeErrors.NotFound;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeoutException;

/**
 * The model server's answers: JSON bodies, errors as {@code {"error": ...}} with their status (each
 * exception a client can cause mapped to its 4xx), and the refusals made before a body is read.
 */
final class Replies {
    private Replies() {}

    static long parses(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static void tooLarge(HttpServerRequest req) {
        req.response().putHeader(HttpHeaders.CONNECTION, "close");
        fail(
                req,
                413,
                "the request body is larger than "
                        + (ModelServer.MAX_REQUEST_BYTES >> 20)
                        + " MiB; send fewer rows per request");
        req.response().endHandler(v -> req.connection().close());
    }

    static void answer(HttpServerRequest req, Object value) {
        byte[] bytes;
        try {
            bytes = value instanceof byte[] b ? b : Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            fail(req, 500, "cannot write the answer: " + e.getMessage());
            return;
        }
        // the answer's bytes as they are, without a copy
        respond(req, 200, Buffer.buffer(io.netty.buffer.Unpooled.wrappedBuffer(bytes)));
    }

    static void failed(HttpServerRequest req, Throwable e) {
        if (e instanceof TooLarge) {
            fail(req, 413, e.getMessage());
        } else if (e instanceof NotFound) {
            fail(req, 404, e.getMessage());
        } else if (e instanceof InferenceException) {
            fail(req, 400, e.getMessage());
        } else if (e instanceof JsonProcessingException j) {
            fail(req, 400, "the request body is not valid JSON: " + j.getOriginalMessage());
        } else if (e instanceof TimeoutException) {
            fail(req, 503, "the model is still loading; try again");
        } else if (e instanceof ModelUnavailable) {
            fail(req, 503, e.getMessage());
        } else {
            fail(req, 500, "inference failed: " + e);
        }
    }

    static void only(HttpServerRequest req, HttpMethod method) {
        if (!req.method().equals(method)
                && !(method == HttpMethod.GET && req.method().equals(HttpMethod.HEAD))) {
            req.response().putHeader(HttpHeaders.ALLOW, method.name());
            throw new NotAllowed("use " + method.name() + " for " + req.path());
        }
    }

    static void send(HttpServerRequest req, int status, JsonNode body) {
        try {
            respond(req, status, Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            respond(req, 500, Buffer.buffer("{\"error\":\"cannot write the answer\"}"));
        }
    }

    static void fail(HttpServerRequest req, int status, String message) {
        send(req, status, Json.MAPPER.createObjectNode().put("error", message));
    }

    static void respond(HttpServerRequest req, int status, Buffer body) {
        if (req.response().ended() || req.response().closed()) {
            return;
        }
        req.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }
}
