package dev.knobs.web.subscription;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a user would write one, on loopback: it checks each delivery's Standard
 * Webhooks signature with its own HMAC code (not the platform's), answers with the status its
 * script gives, and keeps what it accepted. Public so the end-to-end suites use it too.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One delivery as received. */
    public record Received(
            String id, long timestamp, String signature, String body, boolean valid) {}

    private final HttpServer server;
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final List<Received> all = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile String secret;
    private volatile IntSupplier status = () -> 204;

    public WebhookReceiver() {
        this(0);
    }

    /** A receiver on {@code port} (0: any free one). */
    public WebhookReceiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                "/",
                ex -> {
                    try (ex) {
                        byte[] body = ex.getRequestBody().readAllBytes();
                        calls.incrementAndGet();
                        String id = ex.getRequestHeaders().getFirst("webhook-id");
                        String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
                        String sig = ex.getRequestHeaders().getFirst("webhook-signature");
                        String text = new String(body, StandardCharsets.UTF_8);
                        boolean valid = secret != null && verify(secret, id, ts, body, sig);
                        Received r =
                                new Received(
                                        id, ts == null ? -1 : Long.parseLong(ts), sig, text, valid);
                        all.add(r);
                        int answer = valid ? status.getAsInt() : 401;
                        if (answer >= 200 && answer < 300) {
                            accepted.add(r);
                        }
                        byte[] reply = ("answer " + answer).getBytes(StandardCharsets.UTF_8);
                        ex.sendResponseHeaders(answer, reply.length);
                        ex.getResponseBody().write(reply);
                    }
                });
        server.start();
    }

    /** The check of the Standard Webhooks specification, written from it. */
    public static boolean verify(
            String secret, String id, String timestamp, byte[] body, String header) {
        if (id == null || timestamp == null || header == null || !secret.startsWith("whsec_")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(
                    new SecretKeySpec(
                            Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
            byte[] content = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
            byte[] signed = new byte[content.length + body.length];
            System.arraycopy(content, 0, signed, 0, content.length);
            System.arraycopy(body, 0, signed, content.length, body.length);
            byte[] expected = mac.doFinal(signed);
            for (String s : header.split(" ")) {
                if (s.startsWith("v1,")
                        && MessageDigest.isEqual(
                                expected, Base64.getDecoder().decode(s.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/knobs";
    }

    public String secret() {
        return secret;
    }

    public void secret(String secret) {
        this.secret = secret;
    }

    /** What to answer next (called per request). */
    public void answer(IntSupplier status) {
        this.status = status;
    }

    public List<Received> accepted() {
        return new ArrayList<>(accepted);
    }

    public List<Received> all() {
        return new ArrayList<>(all);
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
