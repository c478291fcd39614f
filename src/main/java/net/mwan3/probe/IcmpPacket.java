package net.mwan3.probe;

/**
 * ICMP echo encoding and reply parsing, free of I/O so the byte-level rules are unit-tested:
 * a raw IPv4 socket hands back the IP header first, a raw IPv6 or any ping socket does not; the
 * kernel fills in the ICMPv6 checksum (it needs the pseudo header) and, for ping sockets, the id.
 */
final class IcmpPacket {
    static final int HEADER = 8;
    static final int ECHO_REQUEST_V4 = 8;
    static final int ECHO_REPLY_V4 = 0;
    static final int ECHO_REQUEST_V6 = 128;
    static final int ECHO_REPLY_V6 = 129;

    /** The id and sequence of an echo reply. */
    record Echo(int id, int seq) {
    }

    private IcmpPacket() {
    }

    static byte[] echoRequest(boolean v6, int id, int seq, int payload) {
        byte[] p = new byte[HEADER + payload];
        p[0] = (byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4);
        p[4] = (byte) (id >> 8);
        p[5] = (byte) id;
        p[6] = (byte) (seq >> 8);
        p[7] = (byte) seq;
        for (int i = 0; i < payload; i++) {
            p[HEADER + i] = (byte) (0x10 + i);
        }
        if (!v6) {
            int sum = checksum(p, 0, p.length);
            p[2] = (byte) (sum >> 8);
            p[3] = (byte) sum;
        }
        return p;
    }

    /**
     * The echo reply in {@code buf[0..len)}, or null if it is anything else (requests seen by a
     * raw socket, unreachables, truncated packets).
     */
    static Echo parseReply(byte[] buf, int len, boolean v6, boolean raw) {
        int off = 0;
        if (raw && !v6) {
            if (len < 20 || (buf[0] & 0xf0) != 0x40) {
                return null;
            }
            off = (buf[0] & 0x0f) * 4;
        }
        if (len - off < HEADER) {
            return null;
        }
        int type = buf[off] & 0xff;
        if (type != (v6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4) || buf[off + 1] != 0) {
            return null;
        }
        return new Echo(u16(buf, off + 4), u16(buf, off + 6));
    }

    /** The Internet checksum (RFC 1071) of {@code buf[off..off+len)}. */
    static int checksum(byte[] buf, int off, int len) {
        long sum = 0;
        int i = off;
        for (; i + 1 < off + len; i += 2) {
            sum += u16(buf, i);
        }
        if (i < off + len) {
            sum += (buf[i] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
