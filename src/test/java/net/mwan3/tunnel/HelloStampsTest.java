package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The HELLO replay window and the client's stamp rule. */
class HelloStampsTest {

    @Test
    void eachStampOnceAndOutOfOrderWithinTheWindow() {
        HelloStamps s = new HelloStamps();
        assertTrue(s.take(1000));
        assertFalse(s.take(1000), "a replay");
        assertTrue(s.take(990), "another path's HELLO, a little behind");
        assertFalse(s.take(990));
        assertTrue(s.take(1001));
        assertFalse(s.take(1001 - HelloStamps.WINDOW), "too old for the window");
        assertTrue(s.take(1001 - HelloStamps.WINDOW + 1));
        assertTrue(s.take(5000), "a jump clears the window");
        assertFalse(s.take(1001), "and what it held is now too old");
        assertEquals(5000, s.highest());
    }

    @Test
    void afterARestartOnlyStampsAboveThePersistedHighestPass() {
        HelloStamps s = HelloStamps.restored(5000);
        assertFalse(s.take(5000));
        assertFalse(s.take(4999), "the window below the persisted highest counts as taken: no recording passes");
        assertFalse(s.take(1));
        assertTrue(s.take(5001));
        assertFalse(s.take(5001));
    }

    @Test
    void stampsAreUnsignedSixtyFourBitAndNeverWrap() {
        HelloStamps s = new HelloStamps();
        assertTrue(s.take(Long.MAX_VALUE));
        assertTrue(s.take(Long.MIN_VALUE), "2^63 is above 2^63 - 1");
        assertFalse(s.take(Long.MAX_VALUE));
        assertFalse(s.take(0));
    }

    @Test
    void clientStampsStrictlyIncreaseWhateverTheClock() {
        assertEquals(1_700_000_000_000_000L, StampRule.next(0, 1_700_000_000_000_000L), "the wall clock as a floor");
        assertEquals(1_700_000_000_000_001L, StampRule.next(1_700_000_000_000_000L, 1_600_000_000_000_000L),
                "a clock behind the last stamp: last + 1");
        assertEquals(6, StampRule.next(5, 5));
        assertThrows(IllegalStateException.class, () -> StampRule.next(-1L, 0));
    }
}
