package net.mwan3.tunnel;

import static net.mwan3.tunnel.PacketBytes.put16;
import static net.mwan3.tunnel.PacketBytes.put32;
import static net.mwan3.tunnel.PacketBytes.u16;
import static net.mwan3.tunnel.PacketBytes.u32;

/**
 * Turns one read of an offloading TUN device (a virtio header and a packet of up to 64 KiB) back into the
 * packets the wire would have carried, one at a time, so each goes through the tunnel's per-packet pipeline.
 * With TSO the kernel hands over one TCP "super-packet" per burst instead of a read per segment; the work it
 * skipped is done here, as the kernel's {@code tcp_gso_segment} would: headers copied, IPv4 total length, id
 * (+1 per segment) and header checksum, IPv6 payload length, sequence number, FIN and PSH on the last segment
 * only, CWR on the first only, and the full TCP checksum. A plain packet that only needs its checksum completed
 * (NEEDS_CSUM: the pseudo-header sum is already in the field) comes out as itself. Allocates nothing; not
 * thread-safe.
 */
public final class TcpSegmenter {
    private static final int IP = VirtioNetHeader.LENGTH;
    private static final int FIN_PSH = 0x09;
    private static final int CWR = 0x80;
    private byte[] in;
    private int end;
    private boolean gso;
    /** Offsets into {@link #in}: the TCP header, the end of the headers, the next segment's payload. */
    private int tcp;
    private int headers;
    private int next;
    private int gsoSize;
    private int segment;
    private int firstSeq;
    private int firstId;
    private boolean more;

    /**
     * Takes a read of {@code length} bytes in {@code buf} (virtio header first); the buffer is used (and the
     * checksum completed in place) until {@link #hasNext} turns false. False, with nothing to take, if the header
     * or the packet is malformed or of a kind that was not negotiated (UDP offloads).
     */
    public boolean load(byte[] buf, int length) {
        more = false;
        gso = false;
        if (length <= IP) {
            return false;
        }
        int type = VirtioNetHeader.gsoType(buf) & ~VirtioNetHeader.GSO_ECN;
        int start = VirtioNetHeader.csumStart(buf);
        boolean needsCsum = (VirtioNetHeader.flags(buf) & VirtioNetHeader.F_NEEDS_CSUM) != 0;
        if (type == VirtioNetHeader.GSO_NONE) {
            int field = start + VirtioNetHeader.csumOffset(buf);
            if (needsCsum && !completeChecksum(buf, IP + start, IP + field, length)) {
                return false;
            }
            in = buf;
            end = length;
            gso = false;
            more = true;
            return true;
        }
        return (type == VirtioNetHeader.GSO_TCPV4 || type == VirtioNetHeader.GSO_TCPV6)
                && loadTcp(buf, length, type == VirtioNetHeader.GSO_TCPV6, start, VirtioNetHeader.gsoSize(buf));
    }

    /** Whether the last load was a TSO burst (rather than one packet). */
    public boolean segmented() {
        return gso;
    }

    /** Whether a packet is left to take with {@link #next}. */
    public boolean hasNext() {
        return more;
    }

    /**
     * Writes the next packet to {@code out} from index 0 and returns its length. The caller checks that length
     * against its MTU: a segment is as long as the sender's MSS allowed.
     */
    public int next(byte[] out) {
        if (!gso) {
            int n = end - IP;
            System.arraycopy(in, IP, out, 0, n);
            more = false;
            return n;
        }
        int payload = Math.min(gsoSize, end - next);
        int h = headers - IP;
        int t = tcp - IP;
        System.arraycopy(in, IP, out, 0, h);
        System.arraycopy(in, next, out, h, payload);
        int length = h + payload;
        if ((out[0] & 0xF0) == 0x40) {
            put16(out, 2, length);
            put16(out, 4, firstId + segment);
            put16(out, 10, 0);
            put16(out, 10, InetChecksum.finish(InetChecksum.sum(out, 0, (out[0] & 0x0F) * 4, 0)));
        } else {
            put16(out, 4, length - 40);
        }
        put32(out, t + 4, firstSeq + segment * gsoSize);
        boolean last = next + payload >= end;
        out[t + 13] &= (byte) ~((last ? 0 : FIN_PSH) | (segment == 0 ? 0 : CWR));
        put16(out, t + 16, 0);
        long sum = InetChecksum.pseudoHeader(out, 0, InetChecksum.PROTO_TCP, length - t);
        put16(out, t + 16, InetChecksum.finish(InetChecksum.sum(out, t, length - t, sum)));
        segment++;
        next += payload;
        more = !last;
        return length;
    }

    /** A TSO read: the IP version agrees with the type, the TCP header lies inside, and segments have a size. */
    private boolean loadTcp(byte[] buf, int length, boolean v6, int start, int size) {
        int version = buf[IP] & 0xF0;
        int ipHeader = v6 ? 40 : (buf[IP] & 0x0F) * 4;
        if (version != (v6 ? 0x60 : 0x40) || size == 0 || start < ipHeader || !v6 && start != ipHeader
                || IP + start + 20 > length) {
            return false;
        }
        int tcpHeader = ((buf[IP + start + 12] & 0xF0) >>> 2);
        if (tcpHeader < 20 || IP + start + tcpHeader > length) {
            return false;
        }
        in = buf;
        end = length;
        gso = true;
        tcp = IP + start;
        headers = tcp + tcpHeader;
        next = headers;
        more = true;
        gsoSize = size;
        segment = 0;
        firstSeq = u32(buf, tcp + 4);
        firstId = v6 ? 0 : u16(buf, IP + 4);
        return true;
    }

    /**
     * Completes a NEEDS_CSUM checksum at {@code field} over {@code [start, end)}; false if out of bounds. A result
     * of 0 is stored as 0xFFFF (the same in one's complement), as the kernel does: for UDP 0 would mean "none".
     */
    private static boolean completeChecksum(byte[] b, int start, int field, int end) {
        if (start >= end || field + 2 > end || field < start) {
            return false;
        }
        long partial = u16(b, field);
        put16(b, field, 0);
        int c = InetChecksum.finish(InetChecksum.sum(b, start, end - start, partial));
        put16(b, field, c == 0 ? 0xFFFF : c);
        return true;
    }
}
