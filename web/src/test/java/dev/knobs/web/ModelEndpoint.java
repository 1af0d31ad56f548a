package dev.knobs.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A model endpoint for API tests: answers the named-feature form ({@code …:predict}) with one
 * prediction "yes" and keeps the bodies it was sent.
 */
public final class ModelEndpoint {
    public final List<String> received = new CopyOnWriteArrayList<>();

    /** The Authorization header of each prediction request ("" when none). */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();

    private final HttpServer server;

    public ModelEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                "/",
                ex -> {
                    try (ex) {
                        boolean predict =
                                ex.getRequestMethod().equals("POST")
                                        && ex.getRequestURI().getPath().endsWith(":predict");
                        byte[] answer =
                                (predict
                                                ? "{\"predictions\":[{\"label\":\"yes\"}]}"
                                                : "{\"error\":\"not here\"}")
                                        .getBytes(StandardCharsets.UTF_8);
                        if (predict) {
                            String auth = ex.getRequestHeaders().getFirst("Authorization");
                            authorizations.add(auth == null ? "" : auth);
                            received.add(
                                    new String(
                                            ex.getRequestBody().readAllBytes(),
                                            StandardCharsets.UTF_8));
                        }
                        ex.getResponseHeaders().set("Content-Type", "application/json");
                        ex.sendResponseHeaders(predict ? 200 : 404, answer.length);
                        ex.getResponseBody().write(answer);
                    }
                });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
