package net.mwan3.tunnel;

import static net.mwan3.tunnel.TcpPackets.ACK;
import static net.mwan3.tunnel.TcpPackets.FIN;
import static net.mwan3.tunnel.TcpPackets.PSH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class TcpCoalescerTest {
    private record Write(byte[] bytes, int packets) {
        ByteBuffer header() {
            return ByteBuffer.wrap(bytes, 0, 10).order(ByteOrder.nativeOrder());
        }

        byte[] packet() {
            return Arrays.copyOfRange(bytes, 10, bytes.length);
        }

        boolean plain() {
            return Arrays.equals(bytes, 0, 10, new byte[10], 0, 10);
        }
    }

    private final List<Write> writes = new ArrayList<>();
    private final TcpCoalescer coalescer = new TcpCoalescer((b, n, p) -> writes.add(new Write(Arrays.copyOf(b, n), p)));

    /** {@code count} consecutive segments of {@code size} payload bytes (the last {@code last} long). */
    private static List<byte[]> segments(TcpPackets t, int count, int size, int last) {
        List<byte[]> out = new ArrayList<>();
        long seq0 = t.seq;
        for (int i = 0; i < count; i++) {
            int len = i == count - 1 ? last : size;
            t.seq = seq0 + (long) size * i;
            t.id++;
            out.add(t.tcp(TcpPackets.payload(size * i, len)));
        }
        t.seq = seq0;
        return out;
    }

    private void addAll(List<byte[]> packets) {
        for (byte[] p : packets) {
            coalescer.add(p, 0, p.length);
        }
    }

    @Test
    void mergesInOrderIpv4SegmentsIntoOneTsoWrite() {
        TcpPackets t = TcpPackets.v4().timestamps(5);
        List<byte[]> segs = segments(t, 4, 1000, 600);
        segs.set(3, withFlags(t, segs.get(3), ACK | PSH));
        addAll(segs);
        assertEquals(0, writes.size(), "held until flushed");
        coalescer.flush();
        assertEquals(1, writes.size());
        Write w = writes.get(0);
        assertEquals(4, w.packets());
        ByteBuffer h = w.header();
        assertEquals(1, h.get(0), "NEEDS_CSUM");
        assertEquals(1, h.get(1), "GSO TCPV4");
        assertEquals(52, h.getShort(2), "hdr_len");
        assertEquals(1000, h.getShort(4), "gso_size");
        assertEquals(20, h.getShort(6), "csum_start");
        assertEquals(16, h.getShort(8), "csum_offset");
        byte[] p = w.packet();
        assertEquals(52 + 3600, p.length);
        assertEquals(p.length, ByteBuffer.wrap(p).getShort(2) & 0xFFFF, "total length");
        assertTrue(TcpPackets.ipv4HeaderValid(p), "IPv4 header checksum");
        assertEquals(ACK | PSH, p[33], "PSH of the last segment");
        assertEquals(TcpPackets.fold(TcpPackets.pseudo(p, 6, p.length - 20)), ByteBuffer.wrap(p).getShort(36) & 0xFFFF,
                "the TCP checksum field holds the pseudo-header sum");
        assertArrayEquals(TcpPackets.payload(0, 3600), Arrays.copyOfRange(p, 52, p.length));
    }

    @Test
    void mergesIpv6Segments() {
        TcpPackets t = TcpPackets.v6();
        addAll(segments(t, 3, 1200, 1200));
        coalescer.flush();
        Write w = writes.get(0);
        assertEquals(3, w.packets());
        assertEquals(4, w.header().get(1), "GSO TCPV6");
        assertEquals(40, w.header().getShort(6));
        byte[] p = w.packet();
        assertEquals(p.length - 40, ByteBuffer.wrap(p).getShort(4) & 0xFFFF, "payload length");
        assertArrayEquals(TcpPackets.payload(0, 3600), Arrays.copyOfRange(p, 60, p.length));
    }

    @Test
    void segmentingTheMergedWriteGivesBackTheOriginalSegments() {
        for (TcpPackets t : List.of(TcpPackets.v4().timestamps(9), TcpPackets.v6().timestamps(9))) {
            writes.clear();
            List<byte[]> segs = segments(t, 7, 1388, 911);
            if (!t.v6) {
                t.id -= 7; // the kernel numbers the ids of a TSO burst from the first one
                for (int i = 0; i < segs.size(); i++) {
                    t.id++;
                    t.seq += i == 0 ? 0 : 1388;
                    segs.set(i, t.tcp(TcpPackets.payload(1388 * i, i == 6 ? 911 : 1388)));
                }
            }
            addAll(segs);
            coalescer.flush();
            Write w = writes.get(0);
            assertEquals(7, w.packets());
            TcpSegmenter s = new TcpSegmenter();
            assertTrue(s.load(w.bytes(), w.bytes().length));
            byte[] out = new byte[65536];
            for (byte[] original : segs) {
                int n = s.next(out);
                assertArrayEquals(original, Arrays.copyOf(out, n), "round trip, v6=" + t.v6);
            }
            assertTrue(!s.hasNext());
        }
    }

    @Test
    void nonTcpPassesThroughBehindAZeroHeaderInOrder() {
        TcpPackets t = TcpPackets.v4();
        List<byte[]> segs = segments(t, 2, 1000, 1000);
        byte[] udp = t.udp(TcpPackets.payload(0, 33));
        coalescer.add(segs.get(0), 0, segs.get(0).length);
        coalescer.add(udp, 0, udp.length);
        coalescer.add(segs.get(1), 0, segs.get(1).length);
        coalescer.flush();
        assertEquals(3, writes.size(), "the UDP packet splits the run and keeps its place");
        assertArrayEquals(segs.get(0), writes.get(0).packet());
        assertArrayEquals(udp, writes.get(1).packet());
        assertArrayEquals(segs.get(1), writes.get(2).packet());
        writes.forEach(w -> assertTrue(w.plain() && w.packets() == 1));
    }

    @Test
    void aLoneTcpPacketIsWrittenUnchanged() {
        byte[] p = TcpPackets.v6().tcp(TcpPackets.payload(0, 99));
        coalescer.add(p, 0, p.length);
        coalescer.flush();
        coalescer.flush();
        assertEquals(1, writes.size(), "a second flush writes nothing");
        assertArrayEquals(p, writes.get(0).packet());
        assertTrue(writes.get(0).plain());
    }

    @Test
    void readsPacketsAtAnOffset() {
        byte[] a = TcpPackets.v4().tcp(TcpPackets.payload(0, 100));
        byte[] framed = new byte[a.length + 7];
        System.arraycopy(a, 0, framed, 5, a.length);
        coalescer.add(framed, 5, a.length);
        coalescer.flush();
        assertArrayEquals(a, writes.get(0).packet());
    }

    @Test
    void stopsAt64KibAndContinuesInTheNextWrite() {
        TcpPackets t = TcpPackets.v4();
        List<byte[]> segs = segments(t, 60, 1400, 1400);
        addAll(segs);
        coalescer.flush();
        assertTrue(writes.size() >= 2, "more than 64 KiB of payload needs two writes");
        int packets = 0;
        int payload = 0;
        long seq = t.seq;
        for (Write w : writes) {
            byte[] p = w.packet();
            assertTrue(p.length <= 65535, "an IP packet's size");
            assertEquals((int) seq, ByteBuffer.wrap(p).getInt(24), "each write starts where the last ended");
            packets += w.packets();
            payload += p.length - 40;
            seq += p.length - 40;
        }
        assertEquals(60, packets);
        assertEquals(60 * 1400, payload);
    }

    /** Pairs of packets that must be written separately, unchanged: the second differs from the first's flow. */
    @Test
    void keepsApartWhatMustNotMerge() {
        separate("a gap in the sequence", t -> t.seq += 1001);
        separate("another ACK number", t -> t.ack++);
        separate("another window", t -> t.window++);
        separate("other options", t -> t.timestamps(2));
        separate("another ToS", t -> t.tos = 4);
        separate("another TTL", t -> t.ttl = 63);
        separate("DF cleared", t -> t.ipFlags = 0);
        separate("another source port", t -> t.srcPort++);
        separate("another destination", t -> t.dst = new byte[] {(byte) 192, 0, 2, 3});
        separate("FIN", t -> t.flags = ACK | FIN);
        separate("SYN", t -> t.flags = ACK | TcpPackets.SYN);
        separate("RST", t -> t.flags = ACK | TcpPackets.RST);
        separate("URG", t -> t.flags = ACK | TcpPackets.URG);
        separate("a larger segment after a smaller", t -> t.seq = t.seq);
        separateAfter("PSH on the first", t -> t.flags = ACK | PSH, t -> t.flags = ACK);
        separateAfter("after a short segment", t -> { }, t -> { }, 500, 1000);
        separateAfter("IPv4 options", t -> t.ihl = 6, t -> { });
        separateAfter("a fragment", t -> t.ipFlags = 0x2000, t -> { });
        separateV6("another traffic class", t -> t.tos = 8);
        separateV6("another hop limit", t -> t.ttl = 1);
        separateV6("another source", t -> t.src6 = TcpPackets.v4().dst6);
    }

    @Test
    void nothingFollowsAShortSegment() {
        TcpPackets t = TcpPackets.v4();
        byte[] a = t.tcp(TcpPackets.payload(0, 1000));
        t.seq += 1000;
        byte[] b = t.tcp(TcpPackets.payload(1000, 500));
        t.seq += 500;
        byte[] c = t.tcp(TcpPackets.payload(1500, 500));
        addAll(List.of(a, b, c));
        coalescer.flush();
        assertEquals(2, writes.size());
        assertEquals(2, writes.get(0).packets(), "the short segment ends the merge");
        assertArrayEquals(c, writes.get(1).packet());
    }

    @Test
    void aBadChecksumIsNeverLaunderedIntoAMerge() {
        for (int bad = 0; bad < 2; bad++) {
            writes.clear();
            List<byte[]> segs = segments(TcpPackets.v4(), 2, 1000, 1000);
            segs.get(bad)[100] ^= 1;
            addAll(segs);
            coalescer.flush();
            assertEquals(2, writes.size(), "segment " + bad + " corrupt");
            assertArrayEquals(segs.get(bad), writes.get(bad).packet(), "written as it came, for the kernel to drop");
        }
    }

    private void separate(String why, Consumer<TcpPackets> change) {
        TcpPackets t = TcpPackets.v4();
        byte[] first = t.tcp(TcpPackets.payload(0, why.startsWith("a larger") ? 500 : 1000));
        t.seq += why.startsWith("a larger") ? 500 : 1000;
        change.accept(t);
        expectSeparate(why, first, t.tcp(TcpPackets.payload(1000, 1000)));
    }

    private void separateAfter(String why, Consumer<TcpPackets> first, Consumer<TcpPackets> second) {
        separateAfter(why, first, second, 1000, 1000);
    }

    private void separateAfter(String why, Consumer<TcpPackets> first, Consumer<TcpPackets> second, int n1, int n2) {
        TcpPackets t = TcpPackets.v4();
        first.accept(t);
        byte[] a = t.tcp(TcpPackets.payload(0, n1));
        t.seq += n1;
        second.accept(t);
        byte[] b = t.tcp(TcpPackets.payload(n1, n2));
        expectSeparate(why, a, b);
    }

    private void separateV6(String why, Consumer<TcpPackets> change) {
        TcpPackets t = TcpPackets.v6();
        byte[] a = t.tcp(TcpPackets.payload(0, 1000));
        t.seq += 1000;
        change.accept(t);
        expectSeparate(why, a, t.tcp(TcpPackets.payload(1000, 1000)));
    }

    private void expectSeparate(String why, byte[] a, byte[] b) {
        writes.clear();
        coalescer.add(a, 0, a.length);
        coalescer.add(b, 0, b.length);
        coalescer.flush();
        assertEquals(2, writes.size(), why);
        assertArrayEquals(a, writes.get(0).packet(), why);
        assertArrayEquals(b, writes.get(1).packet(), why);
        assertTrue(writes.get(0).plain() && writes.get(1).plain(), why);
    }

    private static byte[] withFlags(TcpPackets t, byte[] p, int flags) {
        int saved = t.flags;
        long seq = t.seq;
        t.flags = flags;
        t.seq = Integer.toUnsignedLong(ByteBuffer.wrap(p).getInt(t.ipHeaderLength() + 4));
        int ih = t.ipHeaderLength() + t.tcpHeaderLength();
        byte[] q = t.tcp(Arrays.copyOfRange(p, ih, p.length));
        t.flags = saved;
        t.seq = seq;
        return q;
    }
}
