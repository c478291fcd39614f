package net.mwan3.tunnel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-built IPv4/IPv6 TCP (and UDP) packets for the offload tests, with their own checksum routine: a plain
 * 16-bit word loop, independent of {@link InetChecksum}.
 */
final class TcpPackets {
    static final int ACK = 0x10;
    static final int PSH = 0x08;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int URG = 0x20;
    static final int CWR = 0x80;

    boolean v6;
    int tos;
    int ttl = 64;
    int id = 0x1234;
    int ipFlags = 0x4000;
    int ihl = 5;
    int srcPort = 40000;
    int dstPort = 5201;
    long seq = 0xFFFF_F000L;
    long ack = 0x0102_0304L;
    int flags = ACK;
    int window = 502;
    byte[] options = new byte[0];
    byte[] src = {(byte) 192, 0, 2, 1};
    byte[] dst = {(byte) 192, 0, 2, 2};
    byte[] src6 = v6Address(1);
    byte[] dst6 = v6Address(2);

    static TcpPackets v4() {
        return new TcpPackets();
    }

    static TcpPackets v6() {
        TcpPackets p = new TcpPackets();
        p.v6 = true;
        return p;
    }

    /** Timestamps option (NOP NOP TS) with {@code tsval}: 12 bytes, as Linux sends. */
    TcpPackets timestamps(int tsval) {
        options = new byte[] {1, 1, 8, 10, (byte) (tsval >>> 24), (byte) (tsval >>> 16), (byte) (tsval >>> 8),
                (byte) tsval, 0, 0, 0, 7};
        return this;
    }

    /** Payload bytes {@code from, from + 1, ...} (mod 251): a slice of one stream is recognisable anywhere. */
    static byte[] payload(int from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ((from + i) % 251);
        }
        return b;
    }

    int ipHeaderLength() {
        return v6 ? 40 : ihl * 4;
    }

    int tcpHeaderLength() {
        return 20 + options.length;
    }

    /** A complete TCP packet with {@code payload}, all checksums valid. */
    byte[] tcp(byte[] payload) {
        int ih = ipHeaderLength();
        int th = tcpHeaderLength();
        byte[] p = new byte[ih + th + payload.length];
        ipHeader(p, 6, p.length);
        ByteBuffer b = ByteBuffer.wrap(p);
        b.putShort(ih, (short) srcPort).putShort(ih + 2, (short) dstPort).putInt(ih + 4, (int) seq)
                .putInt(ih + 8, (int) ack);
        p[ih + 12] = (byte) ((th / 4) << 4);
        p[ih + 13] = (byte) flags;
        b.putShort(ih + 14, (short) window);
        System.arraycopy(options, 0, p, ih + 20, options.length);
        System.arraycopy(payload, 0, p, ih + th, payload.length);
        b.putShort(ih + 16, (short) ~fold(pseudo(p, 6, p.length - ih) + words(p, ih, p.length - ih)));
        return p;
    }

    /** A UDP packet with {@code payload} and a valid checksum. */
    byte[] udp(byte[] payload) {
        int ih = ipHeaderLength();
        byte[] p = new byte[ih + 8 + payload.length];
        ipHeader(p, 17, p.length);
        ByteBuffer b = ByteBuffer.wrap(p);
        b.putShort(ih, (short) srcPort).putShort(ih + 2, (short) dstPort).putShort(ih + 4, (short) (8 + payload.length));
        System.arraycopy(payload, 0, p, ih + 8, payload.length);
        b.putShort(ih + 6, (short) ~fold(pseudo(p, 17, p.length - ih) + words(p, ih, p.length - ih)));
        return p;
    }

    private void ipHeader(byte[] p, int proto, int length) {
        ByteBuffer b = ByteBuffer.wrap(p);
        if (v6) {
            b.putInt(0, 0x6000_0000 | tos << 20 | 0x12345);
            b.putShort(4, (short) (length - 40));
            p[6] = (byte) proto;
            p[7] = (byte) ttl;
            System.arraycopy(src6, 0, p, 8, 16);
            System.arraycopy(dst6, 0, p, 24, 16);
            return;
        }
        p[0] = (byte) (0x40 | ihl);
        p[1] = (byte) tos;
        b.putShort(2, (short) length).putShort(4, (short) id).putShort(6, (short) ipFlags);
        p[8] = (byte) ttl;
        p[9] = (byte) proto;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        for (int i = 20; i < ihl * 4; i++) {
            p[i] = 1; // NOP options
        }
        b.putShort(10, (short) ~fold(words(p, 0, ihl * 4)));
    }

    /** A read as an offloading TUN device delivers it: a virtio header, then {@code packet}. */
    static byte[] read(byte[] packet, int flags, int gsoType, int hdrLen, int gsoSize, int csumStart, int csumOffset) {
        byte[] r = new byte[10 + packet.length];
        ByteBuffer.wrap(r).order(ByteOrder.nativeOrder()).put(0, (byte) flags).put(1, (byte) gsoType)
                .putShort(2, (short) hdrLen).putShort(4, (short) gsoSize).putShort(6, (short) csumStart)
                .putShort(8, (short) csumOffset);
        System.arraycopy(packet, 0, r, 10, packet.length);
        return r;
    }

    // ---- the independent checksum routine ----

    /** Sum of the 16-bit big-endian words of {@code b[off, off + len)}, odd byte padded. */
    static long words(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xFF;
            int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            s += hi << 8 | lo;
        }
        return s;
    }

    static int fold(long s) {
        while (s > 0xFFFF) {
            s = (s & 0xFFFF) + (s >> 16);
        }
        return (int) s;
    }

    /** Pseudo-header sum of IP packet {@code p} for {@code proto} and transport length {@code len}. */
    static long pseudo(byte[] p, int proto, int len) {
        boolean six = (p[0] & 0xF0) == 0x60;
        return words(p, six ? 8 : 12, six ? 32 : 8) + proto + len;
    }

    /** Whether the IPv4 header checksum of {@code p} is valid. */
    static boolean ipv4HeaderValid(byte[] p) {
        return fold(words(p, 0, (p[0] & 0x0F) * 4)) == 0xFFFF;
    }

    /** Whether the transport checksum of IP packet {@code p[0, len)} (protocol {@code proto}) is valid. */
    static boolean transportValid(byte[] p, int len, int proto) {
        int ih = (p[0] & 0xF0) == 0x60 ? 40 : (p[0] & 0x0F) * 4;
        return fold(pseudo(p, proto, len - ih) + words(p, ih, len - ih)) == 0xFFFF;
    }

    private static byte[] v6Address(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[15] = (byte) last;
        return a;
    }
}
