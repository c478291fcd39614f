package net.mwan3.tunnel;

import static net.mwan3.tunnel.TcpPackets.ACK;
import static net.mwan3.tunnel.TcpPackets.CWR;
import static net.mwan3.tunnel.TcpPackets.FIN;
import static net.mwan3.tunnel.TcpPackets.PSH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TcpSegmenterTest {
    private final TcpSegmenter segmenter = new TcpSegmenter();

    /** A TSO read as the kernel hands it over: NEEDS_CSUM, the pseudo-header sum in the TCP checksum field. */
    static byte[] tsoRead(TcpPackets t, byte[] payload, int gsoSize) {
        byte[] p = t.tcp(payload);
        int ih = t.ipHeaderLength();
        int partial = TcpPackets.fold(TcpPackets.pseudo(p, 6, p.length - ih));
        ByteBuffer.wrap(p).putShort(ih + 16, (short) partial);
        return TcpPackets.read(p, 1, t.v6 ? 4 : 1, ih + t.tcpHeaderLength(), gsoSize, ih, 16);
    }

    private List<byte[]> all(byte[] read) {
        assertTrue(segmenter.load(read, read.length), "loaded");
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[65536];
        while (segmenter.hasNext()) {
            int n = segmenter.next(buf);
            out.add(Arrays.copyOf(buf, n));
        }
        return out;
    }

    @Test
    void splitsAnIpv4SuperPacketLikeTheKernel() {
        TcpPackets t = TcpPackets.v4().timestamps(77);
        t.flags = ACK | PSH | FIN | CWR;
        t.id = 0xFFFE; // the id wraps inside the burst
        byte[] payload = TcpPackets.payload(3, 3 * 1000 + 333);
        List<byte[]> segs = all(tsoRead(t, payload, 1000));
        assertEquals(4, segs.size());
        for (int i = 0; i < segs.size(); i++) {
            byte[] s = segs.get(i);
            ByteBuffer b = ByteBuffer.wrap(s);
            int len = i < 3 ? 1000 : 333;
            assertEquals(20 + 32 + len, s.length);
            assertEquals(s.length, b.getShort(2) & 0xFFFF, "total length");
            assertEquals((0xFFFE + i) & 0xFFFF, b.getShort(4) & 0xFFFF, "id");
            assertTrue(TcpPackets.ipv4HeaderValid(s), "IPv4 header checksum of segment " + i);
            assertTrue(TcpPackets.transportValid(s, s.length, 6), "TCP checksum of segment " + i);
            assertEquals((int) (t.seq + 1000L * i), b.getInt(24), "seq");
            int expected = ACK | (i == 0 ? CWR : 0) | (i == 3 ? PSH | FIN : 0);
            assertEquals(expected, s[33] & 0xFF, "flags of segment " + i);
            assertArrayEquals(Arrays.copyOfRange(payload, 1000 * i, 1000 * i + len), Arrays.copyOfRange(s, 52, s.length));
            assertArrayEquals(t.options, Arrays.copyOfRange(s, 40, 52), "options copied");
            assertEquals(64, s[8], "TTL copied");
        }
    }

    @Test
    void splitsAnIpv6SuperPacket() {
        TcpPackets t = TcpPackets.v6();
        t.flags = ACK | PSH;
        byte[] payload = TcpPackets.payload(0, 5 * 1200);
        List<byte[]> segs = all(tsoRead(t, payload, 1200));
        assertEquals(5, segs.size(), "an exact multiple: no empty tail");
        for (int i = 0; i < segs.size(); i++) {
            byte[] s = segs.get(i);
            ByteBuffer b = ByteBuffer.wrap(s);
            assertEquals(40 + 20 + 1200, s.length);
            assertEquals(20 + 1200, b.getShort(4) & 0xFFFF, "payload length");
            assertTrue(TcpPackets.transportValid(s, s.length, 6), "TCP checksum of segment " + i);
            assertEquals((int) (t.seq + 1200L * i), b.getInt(44), "seq (wrapping past 2^32)");
            assertEquals(i == 4 ? ACK | PSH : ACK, s[53] & 0xFF);
            assertArrayEquals(Arrays.copyOfRange(payload, 1200 * i, 1200 * i + 1200), Arrays.copyOfRange(s, 60, s.length));
        }
    }

    @Test
    void oddSizesAndTheEcnBitStillGiveValidChecksums() {
        TcpPackets t = TcpPackets.v4();
        byte[] payload = TcpPackets.payload(9, 7 * 999 + 1);
        byte[] read = tsoRead(t, payload, 999);
        read[1] |= (byte) 0x80;
        List<byte[]> segs = all(read);
        assertEquals(8, segs.size());
        assertEquals(20 + 20 + 1, segs.get(7).length, "a one-byte tail");
        int total = 0;
        for (byte[] s : segs) {
            assertTrue(TcpPackets.transportValid(s, s.length, 6));
            assertTrue(TcpPackets.ipv4HeaderValid(s));
            total += s.length - 40;
        }
        assertEquals(payload.length, total);
    }

    @Test
    void completesANeedsCsumChecksumOnAPlainPacket() {
        TcpPackets t = TcpPackets.v4();
        byte[] p = t.tcp(TcpPackets.payload(1, 501));
        byte[] want = p.clone();
        ByteBuffer.wrap(p).putShort(36, (short) TcpPackets.fold(TcpPackets.pseudo(p, 6, p.length - 20)));
        List<byte[]> segs = all(TcpPackets.read(p, 1, 0, 0, 0, 20, 16));
        assertEquals(1, segs.size());
        assertArrayEquals(want, segs.get(0));

        TcpPackets u = TcpPackets.v6();
        byte[] q = u.udp(TcpPackets.payload(2, 77));
        byte[] wantQ = q.clone();
        ByteBuffer.wrap(q).putShort(46, (short) TcpPackets.fold(TcpPackets.pseudo(q, 17, q.length - 40)));
        List<byte[]> udp = all(TcpPackets.read(q, 1, 0, 0, 0, 40, 6));
        assertTrue(TcpPackets.transportValid(udp.get(0), udp.get(0).length, 17));
        assertArrayEquals(wantQ, udp.get(0));
    }

    @Test
    void passesAPlainPacketThroughUnchanged() {
        byte[] p = TcpPackets.v4().udp(TcpPackets.payload(5, 100));
        List<byte[]> segs = all(TcpPackets.read(p, 0, 0, 0, 0, 0, 0));
        assertEquals(1, segs.size());
        assertArrayEquals(p, segs.get(0));
    }

    @Test
    void refusesMalformedOrUnnegotiatedReads() {
        TcpPackets t = TcpPackets.v4();
        byte[] p = t.tcp(TcpPackets.payload(0, 3000));
        byte[] ok = tsoRead(t, TcpPackets.payload(0, 3000), 1000);
        assertTrue(segmenter.load(ok, ok.length));
        assertFalse(segmenter.load(ok, 10), "only a header");
        assertFalse(segmenter.hasNext(), "a refused read leaves nothing to take");
        assertFalse(load(TcpPackets.read(p, 0, 3, 40, 1000, 20, 6)), "UDP fragmentation offload");
        assertFalse(load(TcpPackets.read(p, 1, 1, 40, 0, 20, 16)), "gso_size 0");
        assertFalse(load(TcpPackets.read(p, 1, 4, 40, 1000, 20, 16)), "TCPV6 on an IPv4 packet");
        assertFalse(load(TcpPackets.read(p, 1, 1, 40, 1000, 24, 16)), "csum_start is not the TCP header");
        assertFalse(load(TcpPackets.read(Arrays.copyOf(p, 30), 1, 1, 40, 1000, 20, 16)), "TCP header cut off");
        assertFalse(load(TcpPackets.read(p, 1, 0, 0, 0, 20, p.length)), "checksum field beyond the packet");
        byte[] badOffset = p.clone();
        badOffset[32] = 0x40; // data offset 16 bytes
        assertFalse(load(TcpPackets.read(badOffset, 1, 1, 40, 1000, 20, 16)), "TCP header shorter than 20");
    }

    @Test
    void aNewLoadStartsOverAfterAPartlyTakenOne() {
        TcpPackets t = TcpPackets.v4();
        byte[] first = tsoRead(t, TcpPackets.payload(0, 4000), 1000);
        assertTrue(segmenter.load(first, first.length));
        segmenter.next(new byte[2000]);
        byte[] second = TcpPackets.read(t.udp(TcpPackets.payload(0, 10)), 0, 0, 0, 0, 0, 0);
        assertEquals(1, all(second).size());
        assertFalse(segmenter.hasNext());
    }

    private boolean load(byte[] read) {
        return segmenter.load(read, read.length);
    }
}
