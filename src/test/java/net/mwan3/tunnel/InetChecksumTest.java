package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class InetChecksumTest {
    @Test
    void agreesWithAPlainWordLoopAtEveryLengthAndOffset() {
        Random r = new Random(42);
        byte[] b = new byte[300];
        for (int round = 0; round < 20; round++) {
            r.nextBytes(b);
            for (int off = 0; off < 9; off++) {
                for (int len = 0; len + off <= b.length; len += 1 + len / 16) {
                    assertEquals(TcpPackets.fold(TcpPackets.words(b, off, len)),
                            InetChecksum.fold(InetChecksum.sum(b, off, len, 0)), "off " + off + " len " + len);
                }
            }
        }
    }

    @Test
    void foldsCarriesAndComplements() {
        assertEquals(0xFFFF, InetChecksum.fold(0xFFFFL));
        assertEquals(1, InetChecksum.fold(0x10000L));
        assertEquals(0x0001, InetChecksum.finish(0xFFFEL));
        byte[] rfc1071 = {0x00, 0x01, (byte) 0xF2, 0x03, (byte) 0xF4, (byte) 0xF5, (byte) 0xF6, (byte) 0xF7};
        assertEquals(0xDDF2, InetChecksum.fold(InetChecksum.sum(rfc1071, 0, 8, 0)), "RFC 1071's worked example");
        assertEquals(0xDEF2, InetChecksum.fold(InetChecksum.sum(rfc1071, 0, 8, 0x0100)), "an initial sum continues");
    }
}
