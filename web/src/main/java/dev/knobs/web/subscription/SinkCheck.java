package dev.knobs.web.subscription;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the platform may send a user's events: only to public addresses, unless an administrator
 * allows private ones. A sink's name is resolved and every address it has is checked — when the
 * subscription is made and again before each delivery (a name can point elsewhere later); the
 * delivery then connects to the address that was checked.
 */
public final class SinkCheck {
    private static final Set<String> METADATA_NAMES =
            Set.of("metadata", "metadata.google.internal", "instance-data", "metadata.azure.com");

    private SinkCheck() {}

    /** A sink refused: the sentence says why. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * The addresses to connect to for {@code host}, all checked.
     *
     * @throws Refused when the name does not resolve, or an address is not public and private sinks
     *     are not allowed
     */
    public static List<InetAddress> resolve(String host, boolean allowPrivate) throws Refused {
        if (host == null || host.isBlank()) {
            throw new Refused("the sink names no host");
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (!allowPrivate && METADATA_NAMES.contains(name)) {
            throw new Refused("the sink " + host + " is a cloud metadata service; it is refused");
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(stripBrackets(name));
        } catch (UnknownHostException e) {
            throw new Refused("the sink's host " + host + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : all) {
                if (!isPublic(a)) {
                    throw new Refused(
                            "the sink "
                                    + host
                                    + " resolves to "
                                    + a.getHostAddress()
                                    + ", a loopback, private, link-local or otherwise non-public"
                                    + " address; an administrator may allow such sinks with"
                                    + " KNOBS_NOTIFICATIONS_ALLOW_PRIVATE_SINKS=true");
                }
            }
        }
        return List.of(all);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
    }

    /** Whether {@code a} is a public unicast address. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            if (isMapped(b) || isNat64(b)) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x20
                    && (b[1] & 0xff) == 0x01
                    && b[2] == 0x0d
                    && (b[3] & 0xff) == 0xb8) {
                return false; // documentation 2001:db8::/32
            }
            return (b[0] & 0xe0) == 0x20; // global unicast 2000::/3
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        int o2 = b[2] & 0xff;
        return !(o0 == 0
                || o0 == 10
                || o0 == 127
                || (o0 == 100 && o1 >= 64 && o1 <= 127) // shared address space (carrier NAT)
                || (o0 == 169 && o1 == 254) // link-local, cloud metadata
                || (o0 == 172 && o1 >= 16 && o1 <= 31)
                || (o0 == 192 && o1 == 0 && o2 == 0) // IETF protocol assignments
                || (o0 == 192 && o1 == 0 && o2 == 2) // documentation
                || (o0 == 192 && o1 == 168)
                || (o0 == 198 && (o1 == 18 || o1 == 19)) // benchmarking
                || (o0 == 198 && o1 == 51 && o2 == 100)
                || (o0 == 203 && o1 == 0 && o2 == 113)
                || o0 >= 224); // multicast, reserved, broadcast
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    /** The NAT64 well-known prefix 64:ff9b::/96. */
    private static boolean isNat64(byte[] b) {
        if (b[0] != 0 || b[1] != 0x64 || (b[2] & 0xff) != 0xff || (b[3] & 0xff) != 0x9b) {
            return false;
        }
        for (int i = 4; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
