package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DelayScheduleTest {
    private static final long MS = 1_000_000L;

    @Test
    void withoutJitterEveryDatagramWaitsExactlyTheDelay() {
        DelaySchedule s = new DelaySchedule();
        PathDelay d = PathDelay.millis(20, 0);
        assertEquals(20 * MS, s.due(0, d, 0.0));
        assertEquals(25 * MS, s.due(5 * MS, d, 0.99));
    }

    @Test
    void jitterSpansPlusMinusAroundTheDelay() {
        DelaySchedule s = new DelaySchedule();
        PathDelay d = PathDelay.millis(20, 2).reordering();
        long now = 0;
        assertEquals(now + 18 * MS, s.due(now, d, 0.0), "lowest draw: delay - jitter");
        now += 100 * MS;
        assertEquals(now + 20 * MS, s.due(now, d, 0.5), "middle draw: the delay");
        now += 100 * MS;
        long top = s.due(now, d, Math.nextDown(1.0)) - now;
        assertEquals(22 * MS, top, 1, "highest draw: delay + jitter");
    }

    @Test
    void inOrderJitterNeverLetsADatagramOvertake() {
        DelaySchedule s = new DelaySchedule();
        PathDelay d = PathDelay.millis(20, 5);
        Random r = new Random(7);
        long last = Long.MIN_VALUE;
        for (long now = 0; now < 200 * MS; now += MS / 10) {
            long due = s.due(now, d, r.nextDouble());
            assertTrue(due >= last, "in order at " + now);
            assertTrue(due >= now + 15 * MS && due <= now + 25 * MS, "bounded delay at " + now);
            last = due;
        }
    }

    @Test
    void reorderingJitterLetsALaterDatagramLeaveFirst() {
        DelaySchedule s = new DelaySchedule();
        PathDelay d = PathDelay.millis(20, 5).reordering();
        long first = s.due(0, d, 0.99);
        long second = s.due(MS, d, 0.0);
        assertTrue(second < first, "the second (drawn low) overtakes the first (drawn high)");
    }

    @Test
    void aLoweredDelayDrainsLikeAQueue() {
        DelaySchedule s = new DelaySchedule();
        assertEquals(50 * MS, s.due(0, PathDelay.millis(50, 0), 0.5));
        assertEquals(50 * MS, s.due(MS, PathDelay.millis(20, 0), 0.5), "waits behind the 50 ms datagram");
        assertEquals(60 * MS, s.due(40 * MS, PathDelay.millis(20, 0), 0.5), "then the new delay applies");
    }

    @Test
    void rejectsADrawOutsideTheUnitInterval() {
        DelaySchedule s = new DelaySchedule();
        assertThrows(IllegalArgumentException.class, () -> s.due(0, PathDelay.millis(1, 1), 1.0));
        assertThrows(IllegalArgumentException.class, () -> PathDelay.millis(-1, 0));
    }
}
