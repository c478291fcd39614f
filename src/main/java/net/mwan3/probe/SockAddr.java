package net.mwan3.probe;

import net.mwan3.sys.LibC;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Encodes and decodes {@code struct sockaddr_in}/{@code sockaddr_in6}. The family and scope id are
 * in host byte order, the port in network order; getting that wrong fails silently on big-endian
 * routers, so the native order is asked for, never assumed.
 */
final class SockAddr {
    static final int V4_LEN = 16;
    static final int V6_LEN = 28;

    private SockAddr() {
    }

    static byte[] encode(InetAddress addr, int port) {
        boolean v6 = addr instanceof Inet6Address;
        ByteBuffer b = ByteBuffer.allocate(v6 ? V6_LEN : V4_LEN).order(ByteOrder.nativeOrder());
        b.putShort((short) (v6 ? LibC.AF_INET6 : LibC.AF_INET));
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).order(ByteOrder.nativeOrder());
        if (v6) {
            b.putInt(0);
            b.put(addr.getAddress());
            b.putInt(((Inet6Address) addr).getScopeId());
        } else {
            b.put(addr.getAddress());
        }
        return b.array();
    }

    /** The address in a sockaddr filled by recvfrom, or null if the family is not IP. */
    static InetAddress decode(byte[] sa, int len) {
        ByteBuffer b = ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder());
        int family = b.getShort(0);
        try {
            if (family == LibC.AF_INET && len >= 8) {
                return InetAddress.getByAddress(Arrays.copyOfRange(sa, 4, 8));
            }
            if (family == LibC.AF_INET6 && len >= 24) {
                return InetAddress.getByAddress(Arrays.copyOfRange(sa, 8, 24));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("fixed-length address rejected", e);
        }
        return null;
    }

    static byte[] intOption(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }
}
