package net.mwan3.tunnel;

import java.nio.ByteBuffer;

/**
 * The layout of Linux's {@code struct msghdr}, {@code struct iovec} and {@code struct cmsghdr} on a 64-bit (LP64)
 * ABI, written into and read from a native-order buffer that the caller keeps in native memory: the tunnel builds
 * them once per socket and only changes lengths per call, so a {@code sendmsg}/{@code recvmsg} allocates nothing.
 * Addresses are plain numbers here; which memory they name is the caller's business. Control messages carry UDP
 * GSO (UDP_SEGMENT, u16 segment size, on send) and UDP GRO (UDP_GRO, int segment size, on receive).
 */
public final class SocketMessage {
    /** sizeof(struct msghdr). */
    public static final int MSGHDR = 56;
    /** sizeof(struct iovec). */
    public static final int IOVEC = 16;
    /** sizeof(struct cmsghdr): the data follows, 8-aligned. */
    public static final int CMSG_HEADER = 16;
    public static final int SOL_UDP = 17;
    public static final int UDP_SEGMENT = 103;
    public static final int UDP_GRO = 104;
    /** CMSG_SPACE(sizeof(uint16_t)): the control buffer of a UDP_SEGMENT send. */
    public static final int SEGMENT_SPACE = space(2);
    /** msg_flags bit: the datagram was longer than the buffer. */
    public static final int MSG_TRUNC = 0x20;
    private static final int NAME = 0;
    private static final int NAMELEN = 8;
    private static final int IOV = 16;
    private static final int IOVLEN = 24;
    private static final int CONTROL = 32;
    private static final int CONTROLLEN = 40;
    private static final int FLAGS = 48;

    private SocketMessage() {
    }

    /** CMSG_SPACE(length): a control message with {@code length} data bytes, padded for the next one. */
    public static int space(int length) {
        return CMSG_HEADER + align(length);
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }

    /** A msghdr at {@code at} with one iovec at {@code iov}; flags zero. */
    public static void putHeader(ByteBuffer b, int at, long name, int nameLength, long iov, long control,
                                 int controlLength) {
        b.putLong(at + NAME, name).putInt(at + NAMELEN, nameLength).putInt(at + NAMELEN + 4, 0);
        b.putLong(at + IOV, iov).putLong(at + IOVLEN, 1);
        b.putLong(at + CONTROL, control).putLong(at + CONTROLLEN, controlLength).putLong(at + FLAGS, 0);
    }

    /** An iovec at {@code at}: {@code length} bytes at address {@code base}. */
    public static void putIovec(ByteBuffer b, int at, long base, long length) {
        b.putLong(at, base).putLong(at + 8, length);
    }

    /** msg_name and msg_namelen: where a send goes (0 and 0 on a connected socket), or room for a sender. */
    public static void setName(ByteBuffer b, int at, long name, int length) {
        b.putLong(at + NAME, name).putInt(at + NAMELEN, length);
    }

    public static int nameLength(ByteBuffer b, int at) {
        return b.getInt(at + NAMELEN);
    }

    public static void setControlLength(ByteBuffer b, int at, int length) {
        b.putLong(at + CONTROLLEN, length);
    }

    public static int controlLength(ByteBuffer b, int at) {
        return (int) b.getLong(at + CONTROLLEN);
    }

    /** msg_flags as the kernel left them after a receive. */
    public static int flags(ByteBuffer b, int at) {
        return b.getInt(at + FLAGS);
    }

    /** A UDP_SEGMENT control message at {@code at} for segments of {@code size}; returns its space. */
    public static int putSegmentSize(ByteBuffer b, int at, int size) {
        if (size <= 0 || size > 0xFFFF) {
            throw new IllegalArgumentException("segment size " + size);
        }
        b.putLong(at, CMSG_HEADER + 2).putInt(at + 8, SOL_UDP).putInt(at + 12, UDP_SEGMENT);
        b.putShort(at + CMSG_HEADER, (short) size).putShort(at + CMSG_HEADER + 2, (short) 0).putInt(at + 20, 0);
        return SEGMENT_SPACE;
    }

    /**
     * The segment size of a coalesced receive: the UDP_GRO message among the {@code length} control bytes at
     * {@code at}, or 0 without one (a single datagram). A malformed chain ends the walk.
     */
    public static int groSize(ByteBuffer b, int at, int length) {
        int off = 0;
        while (off + CMSG_HEADER <= length) {
            long len = b.getLong(at + off);
            if (len < CMSG_HEADER || len > length - off) {
                return 0;
            }
            if (b.getInt(at + off + 8) == SOL_UDP && b.getInt(at + off + 12) == UDP_GRO && len >= CMSG_HEADER + 4) {
                return b.getInt(at + off + CMSG_HEADER);
            }
            off += align((int) len);
        }
        return 0;
    }
}
