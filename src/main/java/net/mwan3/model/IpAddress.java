package net.mwan3.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address literal. Parsing never resolves names: a string that is not a literal is
 * simply not an address, so validating a config cannot block on DNS.
 */
public final class IpAddress {
    private final Family family;
    private final byte[] bytes;

    private IpAddress(Family family, byte[] bytes) {
        this.family = family;
        this.bytes = bytes;
    }

    public static IpAddress of(byte[] bytes) {
        if (bytes.length == 4) {
            return new IpAddress(Family.IPV4, bytes.clone());
        }
        if (bytes.length == 16) {
            return new IpAddress(Family.IPV6, bytes.clone());
        }
        throw new IllegalArgumentException("address of " + bytes.length + " bytes");
    }

    public static Optional<IpAddress> parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        return parseV4(text);
    }

    private static Optional<IpAddress> parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            out[i] = (byte) v;
        }
        return Optional.of(new IpAddress(Family.IPV4, out));
    }

    private static Optional<IpAddress> parseV6(String text) {
        // Only ASCII hex digits, colons and dots (for the IPv4 tail), not starting with a dot: the
        // JDK then parses a literal and never consults DNS (".::1" or non-ASCII digits would).
        if (text.isEmpty() || text.charAt(0) == '.' || !text.chars().allMatch(IpAddress::isV6LiteralChar)) {
            return Optional.empty();
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            if (a instanceof Inet6Address) {
                return Optional.of(new IpAddress(Family.IPV6, a.getAddress()));
            }
            byte[] v4 = a.getAddress();
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4, 0, mapped, 12, 4);
            return Optional.of(new IpAddress(Family.IPV6, mapped));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isV6LiteralChar(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
    }

    public Family family() {
        return family;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** True when every set bit forms one leading run (a prefix mask); returns its length or -1. */
    public int prefixLength() {
        int len = 0;
        boolean ended = false;
        for (byte b : bytes) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean set = (b & (1 << bit)) != 0;
                if (set && ended) {
                    return -1;
                }
                if (set) {
                    len++;
                } else {
                    ended = true;
                }
            }
        }
        return len;
    }

    public IpAddress and(IpAddress mask) {
        byte[] out = new byte[bytes.length];
        byte[] m = mask.bytes;
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (bytes[i] & m[i]);
        }
        return new IpAddress(family, out);
    }

    public static IpAddress prefixMask(Family family, int length) {
        byte[] out = new byte[family.bits() / 8];
        for (int i = 0; i < length; i++) {
            out[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return new IpAddress(family, out);
    }

    @Override
    public String toString() {
        if (family == Family.IPV4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        return formatV6(bytes);
    }

    /** RFC 5952 text: lower case, longest run of two or more zero groups compressed. */
    private static String formatV6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && other.family == family && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return family.hashCode() * 31 + Arrays.hashCode(bytes);
    }
}
