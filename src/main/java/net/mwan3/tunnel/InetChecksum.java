package net.mwan3.tunnel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) as the TUN offloads need it: an unfolded one's-complement sum that can be
 * continued (pseudo-header, then header and payload), folded at the end. It adds 32-bit words read 8 bytes at a
 * time into a long; one's-complement addition is associative, so the folded result is the 16-bit word sum.
 */
public final class InetChecksum {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final int PROTO_TCP = 6;

    private InetChecksum() {
    }

    /** {@code initial} plus the big-endian 16-bit words of {@code b[off, off + len)} (an odd tail padded with 0). */
    public static long sum(byte[] b, int off, int len, long initial) {
        long s = initial;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONG.get(b, i);
            s += (v >>> 32) + (v & 0xFFFFFFFFL);
        }
        if (i + 4 <= end) {
            s += (int) INT.get(b, i) & 0xFFFFFFFFL;
            i += 4;
        }
        if (i + 2 <= end) {
            s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            i += 2;
        }
        if (i < end) {
            s += (b[i] & 0xFF) << 8;
        }
        return s;
    }

    /** The sum folded to 16 bits, not complemented (what a partial-checksum field holds). */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /** The checksum to store: the complement of the folded sum. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xFFFF;
    }

    /**
     * The unfolded sum of the IPv4 or IPv6 pseudo-header of the packet at {@code ip}: its addresses (at 12 and 16,
     * or 8 and 24), {@code proto} and the transport length {@code length}.
     */
    public static long pseudoHeader(byte[] b, int ip, int proto, int length) {
        boolean v6 = (b[ip] & 0xF0) == 0x60;
        return sum(b, ip + (v6 ? 8 : 12), v6 ? 32 : 8, proto + (long) length);
    }
}
