package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    private static final long MS = 1_000_000L;
    private final List<Integer> out = new ArrayList<>();
    private final ReorderBuffer rb = new ReorderBuffer(16, 8, (buf, off, len) -> out.add((int) buf[off]));

    /** Packet {@code seq} arrives over path 0; see {@link #offer(int, int, long)}. */
    private void offer(int seq, long now) {
        offer(seq, 0, now);
    }

    private void offer(int seq, int path, long now) {
        rb.offer(seq, path, new byte[] {0, (byte) seq, 0}, 1, 1, now);
    }

    /** Path 1 carries traffic too (it delivered {@code seq} at {@code now}), so a gap may still be on it. */
    private void busyPath1(int seq, long now) {
        offer(seq, 1, now);
    }

    @Test
    void inOrderIsDeliveredAtOnce() {
        for (int s = 5; s < 10; s++) {
            offer(s, 0);
            assertEquals(s - 4, out.size(), "seq " + s + " delivered immediately");
        }
        assertEquals(0, rb.held());
    }

    @Test
    void gapHoldsUntilFilledThenReleasesTheRun() {
        busyPath1(0, 0);
        offer(1, 0);
        offer(3, 0);
        offer(4, 0);
        assertEquals(List.of(0, 1), out);
        assertEquals(2, rb.held(), "2 may still be on path 1");
        offer(2, 1, MS);
        assertEquals(List.of(0, 1, 2, 3, 4), out);
        assertEquals(0, rb.held());
    }

    @Test
    void gapIsGivenUpAfterTheTimeBound() {
        busyPath1(0, 0);
        offer(1, 0);
        offer(3, 10 * MS);
        offer(5, 20 * MS);
        rb.expire(30 * MS, 30 * MS);
        assertEquals(List.of(0, 1), out, "bound not yet passed");
        rb.expire(41 * MS, 30 * MS);
        assertEquals(List.of(0, 1, 3), out, "3 waited 31 ms: gap 2 given up; 5 waits for 4");
        rb.expire(51 * MS, 30 * MS);
        assertEquals(List.of(0, 1, 3, 5), out);
        assertEquals(2, rb.skipped());
        offer(2, 1, 60 * MS);
        assertEquals(List.of(0, 1, 3, 5, 2), out, "a late packet is delivered, not dropped");
        assertEquals(1, rb.late());
        offer(6, 60 * MS);
        assertEquals(List.of(0, 1, 3, 5, 2, 6), out);
    }

    @Test
    void aGapEveryBusyPathHasPassedIsALossAndGivenUpAtOnce() {
        busyPath1(0, 0);
        offer(1, 0);
        offer(3, 0);
        assertEquals(List.of(0, 1), out, "2 may be on path 1");
        busyPath1(4, MS);
        assertEquals(List.of(0, 1, 3, 4), out, "path 1 sent 4 after 2, path 0 sent 3: each is a FIFO, 2 is lost");
        assertEquals(1, rb.skipped());
        assertEquals(0, rb.held());
    }

    @Test
    void onOnePathAGapIsALoss() {
        offer(0, 0);
        offer(2, 0);
        assertEquals(List.of(0, 2), out);
        assertEquals(1, rb.skipped());
    }

    @Test
    void aPathSilentForLongerThanTheBoundIsNotWaitedFor() {
        busyPath1(0, 0);
        offer(1, 0);
        rb.expire(0, 10 * MS);
        offer(3, 5 * MS);
        assertEquals(List.of(0, 1), out, "path 1 spoke 5 ms ago: 2 may be on it");
        offer(4, 20 * MS);
        assertEquals(List.of(0, 1, 3, 4), out, "path 1 silent for 20 ms, bound 10 ms: it carries nothing");
    }

    @Test
    void packetBeyondTheSlotsPushesTheOldestOut() {
        busyPath1(0, 0);
        offer(2, 0);
        offer(10, 0);
        offer(20, 0);
        assertEquals(List.of(0, 2, 10), out, "2 and 10 forced out so that 20 fits in 16 slots");
        assertEquals(1, rb.held());
        busyPath1(11, 0);
        assertEquals(List.of(0, 2, 10, 11), out);
        assertEquals(1, rb.held(), "20 still waits for 12..19");
    }

    @Test
    void farJumpWithNothingHeldRestartsAtTheNewSeq() {
        offer(0, 0);
        offer(100, 0);
        offer(101, 0);
        assertEquals(List.of(0, 100, 101), out);
        assertEquals(99, rb.skipped());
    }

    @Test
    void duplicateOfAHeldPacketIsHeldOnce() {
        busyPath1(0, 0);
        offer(2, 0);
        offer(2, 0);
        busyPath1(1, 0);
        assertEquals(List.of(0, 1, 2), out);
    }

    @Test
    void aNewSessionForgetsThePaths() {
        busyPath1(0, 0);
        offer(1, 0);
        rb.reset();
        offer(50, 0);
        offer(52, 0);
        assertEquals(List.of(0, 1, 50, 52), out, "path 1 of the old session is nothing to wait for");
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new ReorderBuffer(10, 8, (b, o, l) -> { }));
    }
}
