package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GsoBatchTest {
    private final GsoBatch batch = new GsoBatch();

    @Test
    void equalDatagramsJoinBackToBack() {
        assertTrue(batch.isEmpty());
        assertEquals(0, batch.add(1432));
        assertEquals(1432, batch.add(1432));
        assertEquals(2864, batch.add(1432));
        assertEquals(3, batch.count());
        assertEquals(1432, batch.segmentSize());
        assertEquals(3 * 1432, batch.bytes());
        assertFalse(batch.complete(), "room for more of the same size");
        assertTrue(batch.accepts(1432));
    }

    @Test
    void aShorterDatagramEndsTheRun() {
        batch.add(1432);
        batch.add(1432);
        assertTrue(batch.accepts(600), "the last may be shorter");
        batch.add(600);
        assertTrue(batch.complete(), "nothing may follow a shorter one");
        assertFalse(batch.accepts(600), "not even one of the same short size");
        assertFalse(batch.accepts(1432));
        assertEquals(2 * 1432 + 600, batch.bytes());
    }

    @Test
    void aLongerDatagramCannotJoin() {
        batch.add(600);
        assertFalse(batch.accepts(601), "the kernel would cut it at the segment size");
        assertThrows(IllegalStateException.class, () -> batch.add(601));
    }

    @Test
    void atMostSixtyFourSegments() {
        for (int i = 0; i < GsoBatch.MAX_SEGMENTS - 1; i++) {
            batch.add(100);
            assertFalse(batch.complete(), "after " + (i + 1));
        }
        batch.add(100);
        assertTrue(batch.complete());
        assertFalse(batch.accepts(100));
        assertFalse(batch.accepts(50), "not even a shorter last one");
    }

    @Test
    void atMostOneIpPacketOfBytes() {
        int n = GsoBatch.MAX_BYTES / 1432; // 45 fit, a 46th would not
        for (int i = 0; i < n - 1; i++) {
            batch.add(1432);
        }
        assertFalse(batch.complete());
        batch.add(1432);
        assertTrue(batch.complete(), "another 1432 would pass 65507 bytes");
        assertFalse(batch.accepts(1432));
        int rest = GsoBatch.MAX_BYTES - batch.bytes();
        assertTrue(batch.accepts(rest), "a shorter last one that still fits");
        assertFalse(batch.accepts(rest + 1));
    }

    @Test
    void clearStartsAnyRun() {
        batch.add(1432);
        batch.add(20);
        batch.clear();
        assertTrue(batch.isEmpty());
        assertEquals(0, batch.segmentSize());
        assertTrue(batch.accepts(9000), "an empty run takes any size");
        assertEquals(0, batch.add(56));
        assertEquals(56, batch.segmentSize());
        assertFalse(batch.complete());
    }

    @Test
    void emptyDatagramsAreRefused() {
        assertThrows(IllegalStateException.class, () -> batch.add(0));
    }
}
