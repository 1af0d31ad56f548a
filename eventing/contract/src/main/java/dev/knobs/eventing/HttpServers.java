package dev.knobs.eventing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The JDK's HTTP server as Knobs uses it (the embedded broker, the model gateway, the model
 * server): with TCP_NODELAY, because it writes a response's headers and body separately, and
 * without it Nagle's algorithm holds the body until the peer's delayed ACK — 40 ms on Linux — on
 * every small response.
 */
public final class HttpServers {
    private HttpServers() {}

    public static HttpServer create(String host, int port, int backlog) throws IOException {
        // read once, when the JDK's server configuration first loads
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(new InetSocketAddress(host, port), backlog);
    }
}
