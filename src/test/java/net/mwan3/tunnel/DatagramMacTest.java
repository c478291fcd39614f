package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Every datagram's MAC, and the wire format's shape checks. */
class DatagramMacTest {
    private final RelayKeys keys = RelayKeys.fromBase64(RelayKeysTest.KEY);

    private static int datagram(ByteBuffer b, DatagramMac mac, int payload) {
        WireFormat.putHeader(b, WireFormat.TYPE_DATA, 3, 0, 0x1122334455667788L, 1L << 40, 7);
        for (int i = 0; i < payload; i++) {
            b.put(WireFormat.HEADER + i, (byte) i);
        }
        return mac.sign(b, WireFormat.HEADER + payload);
    }

    @Test
    void anyChangedByteFailsAndNothingElseDoes() {
        RelayKeys.SessionKeys s = keys.session(new byte[16], new byte[16]);
        DatagramMac tx = new DatagramMac(s.clientToServer());
        DatagramMac rx = new DatagramMac(s.clientToServer());
        ByteBuffer b = ByteBuffer.allocate(2048);
        int n = datagram(b, tx, 100);
        assertEquals(WireFormat.OVERHEAD + 100, n);
        assertTrue(rx.verify(b, n));
        assertTrue(rx.verify(b, n), "reusable: the same MAC instance checks the next datagram");
        for (int i = 0; i < n; i++) {
            b.put(i, (byte) (b.get(i) ^ 1));
            assertFalse(rx.verify(b, n), "byte " + i);
            b.put(i, (byte) (b.get(i) ^ 1));
        }
        assertFalse(rx.verify(b, n - 1), "truncated");
        assertFalse(new DatagramMac(s.serverToClient()).verify(b, n), "the other direction's key");
        assertFalse(new DatagramMac(keys.hello).verify(b, n), "a control key");
    }

    @Test
    void wireFormatRefusesWhatCannotBeOurs() {
        ByteBuffer b = ByteBuffer.allocate(2048);
        int n = datagram(b, new DatagramMac(keys.hello), 10);
        assertEquals(WireFormat.TYPE_DATA, WireFormat.type(b, n));
        assertEquals(3, WireFormat.pathId(b));
        assertEquals(0x1122334455667788L, WireFormat.session(b));
        assertEquals(1L << 40, WireFormat.seq(b));
        assertEquals(7, WireFormat.pathSeq(b));
        assertEquals(-1, WireFormat.type(b, WireFormat.OVERHEAD), "a data datagram carries something");
        assertEquals(-1, WireFormat.type(b, WireFormat.OVERHEAD - 1));
        b.put(0, (byte) (1 << 4 | WireFormat.TYPE_DATA));
        assertEquals(-1, WireFormat.type(b, n), "version 1 (the old AEAD tunnel)");
        b.put(0, (byte) (WireFormat.VERSION << 4 | WireFormat.TYPE_BEAT));
        assertEquals(-1, WireFormat.type(b, n), "a beat of the wrong length");
        assertEquals(WireFormat.TYPE_BEAT, WireFormat.type(b, WireFormat.OVERHEAD + WireFormat.BEAT_PAYLOAD));
        b.put(0, (byte) (WireFormat.VERSION << 4 | WireFormat.TYPE_HELLO));
        assertEquals(WireFormat.TYPE_HELLO, WireFormat.type(b, WireFormat.OVERHEAD + WireFormat.HELLO_PAYLOAD));
        assertEquals(WireFormat.HELLO_PAYLOAD, WireFormat.CHALLENGE_PAYLOAD, "a CHALLENGE is no larger than its HELLO");
        b.put(1, (byte) WireFormat.MAX_PATHS);
        assertEquals(-1, WireFormat.type(b, WireFormat.OVERHEAD + WireFormat.HELLO_PAYLOAD), "path id out of range");
        b.put(1, (byte) 0);
        b.put(2, (byte) 0x80);
        assertEquals(-1, WireFormat.type(b, WireFormat.OVERHEAD + WireFormat.HELLO_PAYLOAD), "unknown flag");
    }

    @Test
    void randomDatagramsNeverPass() {
        DatagramMac mac = new DatagramMac(keys.hello);
        Random r = new Random(13);
        ByteBuffer b = ByteBuffer.allocate(2048);
        for (int i = 0; i < 20_000; i++) {
            int n = WireFormat.OVERHEAD + r.nextInt(200);
            r.nextBytes(b.array());
            assertFalse(mac.verify(b, n));
        }
    }

    @Test
    void challengesAreAnsweredOnceFromTheirAddressOnly() {
        ChallengeTable t = new ChallengeTable();
        byte[] a = {2, 0, 1, 1, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] b = a.clone();
        b[7] = 2;
        byte[] cn = new byte[16];
        byte[] sn = new byte[16];
        sn[3] = 9;
        t.put(1, a, cn, sn, 0);
        java.util.function.BiPredicate<byte[], byte[]> same = java.util.Arrays::equals;
        assertFalse(t.consume(1, b, cn, sn, 1, same), "another address");
        assertFalse(t.consume(0, a, cn, sn, 1, same), "another path");
        assertFalse(t.consume(1, a, cn, new byte[16], 1, same), "another server nonce");
        assertFalse(t.consume(1, a, cn, sn, ChallengeTable.TTL_NANOS + 1, same), "expired");
        assertTrue(t.consume(1, a, cn, sn, 2, same));
        assertFalse(t.consume(1, a, cn, sn, 3, same), "used once");
    }
}
