package net.mwan3.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class IcmpPacketTest {

    @Test
    void rfc1071ChecksumExample() {
        byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(~0xddf2 & 0xffff, IcmpPacket.checksum(data, 0, data.length));
    }

    @Test
    void v4RequestCarriesIdSeqPayloadAndValidChecksum() {
        byte[] p = IcmpPacket.echoRequest(false, 0x1234, 0xabcd, 4);
        assertArrayEquals(new byte[] {8, 0}, Arrays.copyOf(p, 2));
        assertEquals(0x12, p[4]);
        assertEquals(0x34, p[5]);
        assertEquals((byte) 0xab, p[6]);
        assertEquals((byte) 0xcd, p[7]);
        assertEquals(12, p.length);
        assertEquals(0, IcmpPacket.checksum(p, 0, p.length), "a packet including its checksum sums to zero");
    }

    @Test
    void v6RequestLeavesChecksumToKernel() {
        byte[] p = IcmpPacket.echoRequest(true, 1, 2, 0);
        assertEquals((byte) 128, p[0]);
        assertEquals(0, p[2]);
        assertEquals(0, p[3]);
    }

    @Test
    void rawV4ReplySkipsTheIpHeader() {
        byte[] ip = new byte[24 + 8];
        ip[0] = 0x46; // version 4, IHL 6 words: options must be skipped too
        System.arraycopy(reply(0, 0x0102, 0x0304), 0, ip, 24, 8);
        assertEquals(new IcmpPacket.Echo(0x0102, 0x0304), IcmpPacket.parseReply(ip, ip.length, false, true));
    }

    @Test
    void pingSocketAndV6RepliesHaveNoIpHeader() {
        assertEquals(new IcmpPacket.Echo(7, 9), IcmpPacket.parseReply(reply(0, 7, 9), 8, false, false));
        assertEquals(new IcmpPacket.Echo(7, 9), IcmpPacket.parseReply(reply(129, 7, 9), 8, true, true));
    }

    @Test
    void requestsUnreachablesAndRuntsAreNotReplies() {
        assertNull(IcmpPacket.parseReply(IcmpPacket.echoRequest(false, 1, 1, 0), 8, false, false));
        assertNull(IcmpPacket.parseReply(reply(3, 1, 1), 8, false, false));
        assertNull(IcmpPacket.parseReply(reply(0, 1, 1), 7, false, false));
        assertNull(IcmpPacket.parseReply(reply(0, 1, 1), 8, true, false), "type 0 is not an ICMPv6 reply");
        assertNull(IcmpPacket.parseReply(new byte[28], 28, false, true), "not an IPv4 header");
    }

    private static byte[] reply(int type, int id, int seq) {
        return new byte[] {(byte) type, 0, 0, 0, (byte) (id >> 8), (byte) id, (byte) (seq >> 8), (byte) seq};
    }
}
