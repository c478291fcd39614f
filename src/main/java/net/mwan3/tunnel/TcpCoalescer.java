package net.mwan3.tunnel;

import static net.mwan3.tunnel.PacketBytes.put16;
import static net.mwan3.tunnel.PacketBytes.same;
import static net.mwan3.tunnel.PacketBytes.u16;
import static net.mwan3.tunnel.PacketBytes.u32;

/**
 * Userspace GRO for writes to an offloading TUN device: consecutive in-order segments of one TCP flow are
 * merged into one packet written with a TSO virtio header, so the kernel's TCP receive (and the wake-up of the
 * reading application) runs once per burst instead of once per segment. It merges what the kernel's own GRO
 * would: same addresses, ports, ToS/traffic class, TTL/hop limit and DF, the next expected sequence number, the
 * same ACK number and window, identical TCP options, only ACK (and PSH on the last segment) set, equal payload
 * sizes with at most a shorter last one, each segment's checksum valid. The merged packet goes out with
 * NEEDS_CSUM and the pseudo-header sum in the TCP checksum field (the kernel completes or segments it). Any
 * other packet is written as it is behind a zero header, after what was pending, so order is kept. One flow is
 * pending at a time; the caller flushes before it sleeps. Allocates nothing; not thread-safe.
 */
public final class TcpCoalescer {
    /** Where packets go: {@code buf[0, length)}, a virtio header and one packet carrying {@code packets} segments. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] buf, int length, int packets);
    }

    private static final int IP = VirtioNetHeader.LENGTH;
    private static final int MAX_IP = 65535;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private final Sink sink;
    private final byte[] buf = new byte[IP + MAX_IP];
    /** Bytes in {@link #buf} (header included), 0 when nothing is pending. */
    private int length;
    private int packets;
    private boolean open;
    private boolean headChecked;
    private int ipHeader;
    private int tcpHeader;
    private int gsoSize;
    private int nextSeq;

    public TcpCoalescer(Sink sink) {
        this.sink = sink;
    }

    /** Takes packet {@code pkt[off, off + len)}: merged into the pending one, or after writing that. */
    public void add(byte[] pkt, int off, int len) {
        int tcp = tcpOffset(pkt, off, len);
        if (tcp > 0 && length > 0 && tryAppend(pkt, off, len, tcp)) {
            return;
        }
        flush();
        if (len > MAX_IP) {
            return; // cannot be an IP packet; the caller's MTU check keeps this from happening
        }
        System.arraycopy(pkt, off, buf, IP, len);
        length = IP + len;
        packets = 1;
        if (tcp > 0) {
            ipHeader = tcp - off;
            tcpHeader = (pkt[tcp + 12] & 0xF0) >>> 2;
            gsoSize = len - ipHeader - tcpHeader;
            nextSeq = u32(pkt, tcp + 4) + gsoSize;
            open = (pkt[tcp + 13] & PSH) == 0;
            headChecked = false;
        } else {
            flush();
        }
    }

    /** Writes what is pending (a merged packet with its TSO header, or a lone one behind a zero header). */
    public void flush() {
        if (length == 0) {
            return;
        }
        if (packets == 1) {
            VirtioNetHeader.put(buf, 0, VirtioNetHeader.GSO_NONE, 0, 0, 0, 0);
        } else {
            boolean v6 = (buf[IP] & 0xF0) == 0x60;
            int ipLength = length - IP;
            if (v6) {
                put16(buf, IP + 4, ipLength - 40);
            } else {
                put16(buf, IP + 2, ipLength);
                put16(buf, IP + 10, 0);
                put16(buf, IP + 10, InetChecksum.finish(InetChecksum.sum(buf, IP, ipHeader, 0)));
            }
            int tcp = IP + ipHeader;
            long pseudo = InetChecksum.pseudoHeader(buf, IP, InetChecksum.PROTO_TCP, ipLength - ipHeader);
            put16(buf, tcp + 16, InetChecksum.fold(pseudo));
            VirtioNetHeader.put(buf, VirtioNetHeader.F_NEEDS_CSUM,
                    v6 ? VirtioNetHeader.GSO_TCPV6 : VirtioNetHeader.GSO_TCPV4, ipHeader + tcpHeader, gsoSize,
                    ipHeader, 16);
        }
        int n = length;
        int p = packets;
        length = 0;
        packets = 0;
        sink.write(buf, n, p);
    }

    /** Appends {@code pkt}'s payload to the pending packet if it continues it; false if it cannot. */
    private boolean tryAppend(byte[] pkt, int off, int len, int tcp) {
        int payload = len - (tcp - off) - ((pkt[tcp + 12] & 0xF0) >>> 2);
        if (!open || tcp - off != ipHeader || u32(pkt, tcp + 4) != nextSeq || payload > gsoSize
                || length - IP + payload > MAX_IP || !sameFlow(pkt, off, tcp)) {
            return false;
        }
        if (!headChecked && !tcpChecksumValid(buf, IP, length - IP, ipHeader)
                || !tcpChecksumValid(pkt, off, len, ipHeader)) {
            return false;
        }
        headChecked = true;
        System.arraycopy(pkt, len + off - payload, buf, length, payload);
        length += payload;
        packets++;
        nextSeq += payload;
        if ((pkt[tcp + 13] & PSH) != 0) {
            buf[IP + ipHeader + 13] |= PSH;
            open = false;
        }
        open &= payload == gsoSize;
        return true;
    }

    /**
     * Whether {@code pkt} belongs to the pending packet's flow and may share its headers: the IP fields that must
     * match, then ports, ACK number, data offset, flags, window and options (checksum and urgent pointer aside).
     */
    private boolean sameFlow(byte[] pkt, int off, int tcp) {
        int h = IP;
        if ((pkt[off] & 0xF0) == 0x60) {
            if (pkt[off] != buf[h] || (pkt[off + 1] & 0xF0) != (buf[h + 1] & 0xF0) || pkt[off + 7] != buf[h + 7]
                    || !same(pkt, off + 8, buf, h + 8, 32)) {
                return false;
            }
        } else if ((buf[h] & 0xF0) != 0x40 || pkt[off + 1] != buf[h + 1] || pkt[off + 6] != buf[h + 6]
                || !same(pkt, off + 8, buf, h + 8, 2) || !same(pkt, off + 12, buf, h + 12, 8)) {
            return false;
        }
        int t = h + ipHeader;
        return same(pkt, tcp, buf, t, 4) && same(pkt, tcp + 8, buf, t + 8, 5)
                && (pkt[tcp + 13] & ~PSH) == (buf[t + 13] & ~PSH) && same(pkt, tcp + 14, buf, t + 14, 2)
                && same(pkt, tcp + 20, buf, t + 20, tcpHeader - 20);
    }

    /**
     * The offset of the TCP header if {@code pkt} is a candidate at all, else -1: IPv4 without options or
     * fragmentation, or IPv6 without extension headers, lengths consistent, a whole TCP header, only ACK (or
     * ACK and PSH) set, and a payload.
     */
    static int tcpOffset(byte[] pkt, int off, int len) {
        int ipHeader;
        if (len >= 40 && (pkt[off] & 0xFF) == 0x45) {
            if (pkt[off + 9] != InetChecksum.PROTO_TCP || u16(pkt, off + 2) != len
                    || (u16(pkt, off + 6) & 0x3FFF) != 0) {
                return -1;
            }
            ipHeader = 20;
        } else if (len >= 60 && (pkt[off] & 0xF0) == 0x60) {
            if (pkt[off + 6] != InetChecksum.PROTO_TCP || u16(pkt, off + 4) != len - 40) {
                return -1;
            }
            ipHeader = 40;
        } else {
            return -1;
        }
        int tcp = off + ipHeader;
        int tcpHeader = (pkt[tcp + 12] & 0xF0) >>> 2;
        int flags = pkt[tcp + 13] & 0xFF;
        if (tcpHeader < 20 || ipHeader + tcpHeader >= len || (flags != ACK && flags != (ACK | PSH))) {
            return -1;
        }
        return tcp;
    }

    private static boolean tcpChecksumValid(byte[] b, int ip, int len, int ipHeader) {
        long pseudo = InetChecksum.pseudoHeader(b, ip, InetChecksum.PROTO_TCP, len - ipHeader);
        return InetChecksum.fold(InetChecksum.sum(b, ip + ipHeader, len - ipHeader, pseudo)) == 0xFFFF;
    }
}
