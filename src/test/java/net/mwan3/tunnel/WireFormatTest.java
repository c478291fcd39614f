package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class WireFormatTest {
    private final ByteBuffer buf = ByteBuffer.allocate(100);

    @Test
    void headerRoundTripsAllBits() {
        WireFormat.putHeader(buf, WireFormat.TYPE_DATA, 200, 0xCAFEBABE, -1, 0x80000001);
        WireFormat.Header h = new WireFormat.Header();
        assertTrue(WireFormat.getHeader(buf, 60, h));
        assertEquals(WireFormat.TYPE_DATA, h.type);
        assertEquals(200, h.pathId);
        assertEquals(0xCAFEBABE, h.session);
        assertEquals(-1, h.globalSeq);
        assertEquals(0x80000001, h.pathSeq);
        assertEquals(0x11, buf.get(0), "version 1, type 1");
        assertEquals(0, buf.position(), "absolute access leaves the position alone");
    }

    @Test
    void beatRoundTrips() {
        WireFormat.Beat b = new WireFormat.Beat();
        b.clockMicros = 1;
        b.echoMicros = -2;
        b.holdMicros = 3;
        b.lostPackets = Integer.MIN_VALUE;
        b.rxBytes = 5;
        b.adoptedSession = 0xCAFEBABE;
        WireFormat.putBeat(buf, WireFormat.HEADER, b);
        WireFormat.Beat c = new WireFormat.Beat();
        WireFormat.getBeat(buf, WireFormat.HEADER, c);
        assertEquals(1, c.clockMicros);
        assertEquals(-2, c.echoMicros);
        assertEquals(3, c.holdMicros);
        assertEquals(Integer.MIN_VALUE, c.lostPackets);
        assertEquals(5, c.rxBytes);
        assertEquals(0xCAFEBABE, c.adoptedSession);
    }

    @Test
    void refusesWhatCannotBeOurs() {
        WireFormat.Header h = new WireFormat.Header();
        WireFormat.putHeader(buf, WireFormat.TYPE_DATA, 0, 1, 2, 3);
        assertFalse(WireFormat.getHeader(buf, WireFormat.OVERHEAD - 1, h), "too short");
        assertTrue(WireFormat.getHeader(buf, WireFormat.OVERHEAD, h), "empty payload is fine");
        buf.put(0, (byte) 0x21);
        assertFalse(WireFormat.getHeader(buf, 60, h), "version 2");
        buf.put(0, (byte) 0x13);
        assertFalse(WireFormat.getHeader(buf, 60, h), "type 3");
        buf.put(0, (byte) 0x11);
        buf.put(2, (byte) 4);
        assertFalse(WireFormat.getHeader(buf, 60, h), "unknown flag");
        buf.put(2, (byte) (WireFormat.FLAG_STANDBY | WireFormat.FLAG_AES));
        assertTrue(WireFormat.getHeader(buf, 60, h), "standby and AES are known flags");
        assertEquals(WireFormat.FLAG_STANDBY | WireFormat.FLAG_AES, h.flags);
        WireFormat.putHeader(buf, WireFormat.TYPE_BEAT, 0, 1, 2, 3);
        assertFalse(WireFormat.getHeader(buf, WireFormat.OVERHEAD + WireFormat.BEAT_PAYLOAD - 1, h), "beat of wrong length");
        assertTrue(WireFormat.getHeader(buf, WireFormat.OVERHEAD + WireFormat.BEAT_PAYLOAD, h));
    }

    @Test
    void overheadFitsA1500PathAtTheDefaultMtu() {
        assertTrue(1400 + WireFormat.OVERHEAD + 20 + 8 <= 1500, "IPv4 + UDP + ours");
        assertTrue(1400 + WireFormat.OVERHEAD + 40 + 8 <= 1500, "IPv6 + UDP + ours");
    }
}
