package dev.knobs.eventing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;

/**
 * The JDK's HTTP server as Knobs uses it (the embedded broker, the model gateway, the model
 * server): with TCP_NODELAY, because it writes a response's headers and body separately, and
 * without it Nagle's algorithm holds the body until the peer's delayed ACK — 40 ms on Linux — on
 * every small response. Request bodies are read within a limit, checked before anything is
 * buffered.
 */
public final class HttpServers {
    private HttpServers() {}

    public static HttpServer create(String host, int port, int backlog) throws IOException {
        // read once, when the JDK's server configuration first loads
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(new InetSocketAddress(host, port), backlog);
    }

    /** A request body larger than its route takes: answer 413 with this sentence. */
    public static final class TooLarge extends IOException {
        public TooLarge(long max) {
            super(
                    "the request body is larger than "
                            + max
                            + " bytes; this endpoint takes at most that");
        }
    }

    /**
     * Refuses a request whose declared body is over {@code max} bytes, before reading any of it.
     */
    public static void checkDeclared(HttpExchange exchange, long max) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            throw new IOException("the Content-Length header is not a number");
        }
        if (length > max) {
            throw new TooLarge(max);
        }
    }

    /**
     * The request's body, at most {@code max} bytes: a declared length over it is refused before
     * anything is read, and an undeclared one as soon as it passes it.
     */
    public static byte[] body(HttpExchange exchange, long max) throws IOException {
        checkDeclared(exchange, max);
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new TooLarge(max);
            }
            return bytes;
        }
    }
}
