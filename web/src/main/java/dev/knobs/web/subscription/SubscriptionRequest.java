package dev.knobs.web.subscription;

import dev.knobs.eventing.EventType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a person asks for with {@code POST /api/subscriptions}, as the CloudEvents Subscriptions API
 * shapes it. {@link #normalized()} checks everything but the sink's addresses (those need a name
 * lookup, {@link SinkCheck}) and answers 400 with a sentence for anything wrong.
 */
public record SubscriptionRequest(
        String sink,
        String protocol,
        List<String> types,
        Map<String, String> filters,
        Map<String, Object> protocolSettings) {

    static final Set<String> FILTERS = Set.of("experimentId", "modelName");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Set<String> RESERVED_HEADERS =
            Set.of(
                    "host",
                    "content-type",
                    "content-length",
                    "transfer-encoding",
                    "connection",
                    "webhook-id",
                    "webhook-timestamp",
                    "webhook-signature",
                    "user-agent");

    /** A checked request: full event types, the HTTP headers or the Kafka servers and topic. */
    public record Normalized(
            String sink,
            Subscription.Protocol protocol,
            List<String> types,
            Map<String, String> filters,
            Map<String, Object> protocolSettings) {

        /** The hosts to check: the URL's for HTTP, every bootstrap server's for Kafka. */
        public List<String> hosts() {
            return protocol == Subscription.Protocol.HTTP
                    ? List.of(URI.create(sink).getHost())
                    : KafkaSinks.servers(sink).stream().map(KafkaSinks::host).toList();
        }
    }

    public Normalized normalized() {
        if (sink == null || sink.isBlank()) {
            throw new IllegalArgumentException("a subscription needs a sink: where its events go");
        }
        if (sink.length() > 2048) {
            throw new IllegalArgumentException("the sink is longer than 2048 characters");
        }
        Subscription.Protocol p = checkedProtocol();
        Map<String, Object> settings =
                p == Subscription.Protocol.HTTP ? httpSettings() : kafkaSettings();
        return new Normalized(sink.trim(), p, checkedTypes(), checkedFilters(), settings);
    }

    private Subscription.Protocol checkedProtocol() {
        String given = protocol == null ? "HTTP" : protocol.trim().toUpperCase(Locale.ROOT);
        Subscription.Protocol p;
        try {
            p = Subscription.Protocol.valueOf(given);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "protocol must be HTTP or KAFKA, not '" + protocol + "'");
        }
        if (p == Subscription.Protocol.HTTP) {
            checkHttpSink(sink.trim());
        } else {
            KafkaSinks.servers(sink.trim());
        }
        return p;
    }

    private static void checkHttpSink(String sink) {
        URI uri;
        try {
            uri = new URI(sink);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the sink is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "an HTTP sink is an http:// or https:// URL, not '" + sink + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the sink " + sink + " names no host");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    "the sink must not carry a user name or password; use protocolSettings.headers");
        }
        if (uri.getFragment() != null) {
            throw new IllegalArgumentException("the sink must not have a #fragment");
        }
    }

    private List<String> checkedTypes() {
        if (types == null || types.isEmpty()) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : types) {
            String full = t == null ? "" : t.trim();
            if (!full.startsWith(EventType.PREFIX)) {
                full = EventType.PREFIX + full;
            }
            EventType type =
                    EventType.fromType(full)
                            .filter(EventType::forOwners)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "'"
                                                            + t
                                                            + "' is no event type a subscription"
                                                            + " takes; these are: "
                                                            + String.join(", ", ownerTypes())));
            out.add(type.type());
        }
        return new ArrayList<>(out);
    }

    /** Every type a subscription may take. */
    public static List<String> ownerTypes() {
        List<String> all = new ArrayList<>();
        for (EventType t : EventType.values()) {
            if (t.forOwners()) {
                all.add(t.type());
            }
        }
        return all;
    }

    private Map<String, String> checkedFilters() {
        Map<String, String> out = new LinkedHashMap<>();
        if (filters == null) {
            return out;
        }
        filters.forEach(
                (k, v) -> {
                    if (!FILTERS.contains(k)) {
                        throw new IllegalArgumentException(
                                "unknown filter '"
                                        + k
                                        + "'; filters are experimentId and modelName");
                    }
                    if (v == null || v.isBlank() || v.length() > 200) {
                        throw new IllegalArgumentException(
                                "filter " + k + " needs a value of at most 200 characters");
                    }
                    out.put(k, v);
                });
        return out;
    }

    private Map<String, Object> httpSettings() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> given = protocolSettings == null ? Map.of() : protocolSettings;
        for (var e : given.entrySet()) {
            if (!e.getKey().equals("headers")) {
                throw new IllegalArgumentException(
                        "unknown HTTP protocol setting '" + e.getKey() + "'; there is: headers");
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (given.get("headers") instanceof Map<?, ?> h) {
            if (h.size() > 10) {
                throw new IllegalArgumentException("at most 10 headers");
            }
            h.forEach((k, v) -> headers.put(header(k), headerValue(k, v)));
        } else if (given.get("headers") != null) {
            throw new IllegalArgumentException("protocolSettings.headers is an object of headers");
        }
        if (!headers.isEmpty()) {
            out.put("headers", headers);
        }
        return out;
    }

    private static String header(Object name) {
        String n = String.valueOf(name);
        if (!HEADER.matcher(n).matches()
                || RESERVED_HEADERS.contains(n.toLowerCase(Locale.ROOT))
                || n.toLowerCase(Locale.ROOT).startsWith("ce-")) {
            throw new IllegalArgumentException(
                    "'"
                            + n
                            + "' cannot be a header of a delivery (the platform sets it, or it is"
                            + " not a header name)");
        }
        return n;
    }

    private static String headerValue(Object name, Object value) {
        String v = value == null ? "" : String.valueOf(value);
        if (v.length() > 1024 || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    "the value of header "
                            + name
                            + " is longer than 1024 characters or has control characters");
        }
        return v;
    }

    private Map<String, Object> kafkaSettings() {
        Map<String, Object> given = protocolSettings == null ? Map.of() : protocolSettings;
        for (String k : given.keySet()) {
            if (!k.equals("topicName")) {
                throw new IllegalArgumentException(
                        "unknown KAFKA protocol setting '" + k + "'; there is: topicName");
            }
        }
        Object topic = given.get("topicName");
        if (!(topic instanceof String t) || !TOPIC.matcher(t).matches()) {
            throw new IllegalArgumentException(
                    "a KAFKA subscription needs protocolSettings.topicName, a Kafka topic name"
                            + " (letters, digits, '.', '_', '-')");
        }
        return Map.of("topicName", t);
    }
}
