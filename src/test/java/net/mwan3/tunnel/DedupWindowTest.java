package net.mwan3.tunnel;

import static net.mwan3.tunnel.DedupWindow.Verdict.DUPLICATE;
import static net.mwan3.tunnel.DedupWindow.Verdict.NEW;
import static net.mwan3.tunnel.DedupWindow.Verdict.TOO_OLD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DedupWindowTest {
    private static final long SEC = 1_000_000_000L;
    private final DedupWindow w = new DedupWindow(2 * SEC);

    @Test
    void firstCopyWinsSecondIsDropped() {
        assertEquals(NEW, w.accept(10, 0));
        assertEquals(DUPLICATE, w.accept(10, 0));
        assertEquals(NEW, w.accept(12, 0));
        assertEquals(NEW, w.accept(11, 0), "out of order but new");
        assertEquals(DUPLICATE, w.accept(11, 0));
        assertEquals(DUPLICATE, w.accept(12, 0));
    }

    @Test
    void windowHoldsAtLeast64kPackets() {
        assertEquals(NEW, w.accept(0, 0));
        for (int s = 2; s < 65_000; s++) {
            assertEquals(NEW, w.accept(s, 0));
        }
        assertEquals(NEW, w.accept(1, 0), "64 999 behind the top is still judged");
        assertEquals(DUPLICATE, w.accept(1, 0));
        assertEquals(DUPLICATE, w.accept(2, 0));
    }

    @Test
    void slidingForgetsTheOldestAndRefusesThem() {
        w.accept(0, 0);
        w.accept(DedupWindow.SIZE * 2, 0);
        assertEquals(TOO_OLD, w.accept(5, 0), "slid past");
        assertEquals(TOO_OLD, w.accept(0, 0));
        assertEquals(NEW, w.accept(DedupWindow.SIZE * 2 - 100, 0), "inside the new window, never seen");
        assertEquals(DUPLICATE, w.accept(DedupWindow.SIZE * 2, 0));
    }

    @Test
    void aBigJumpClearsBitsOfTheReusedWords() {
        for (int s = 0; s < 200; s++) {
            w.accept(s, 0);
        }
        int jump = DedupWindow.SIZE + 100;
        assertEquals(NEW, w.accept(jump, 0));
        for (int s = jump - 60_000; s < jump; s += 997) {
            assertEquals(NEW, w.accept(s, 0), "seq " + s + " reuses the bits of old seqs but is new");
        }
    }

    @Test
    void ageBoundRefusesStaleCopiesInsideTheCountWindow() {
        w.accept(100, 0);
        w.accept(99_000, 0);
        assertEquals(NEW, w.accept(98_000, SEC), "young enough");
        assertEquals(TOO_OLD, w.accept(98_500, 3 * SEC), "its block entered the window 3 s ago");
        w.accept(99_100, 3 * SEC);
        assertEquals(NEW, w.accept(99_150, 4 * SEC), "block entered at 3 s");
    }

    @Test
    void aPauseInsideABlockDoesNotAgeTheNumbersAfterIt() {
        w.accept(640, 0);
        w.accept(642, 5 * SEC);
        assertEquals(NEW, w.accept(641, 5 * SEC + 10_000_000L), "overtaken by 10 ms after a 5-s pause: a first copy");
        assertEquals(DUPLICATE, w.accept(642, 5 * SEC + 60_000_000L), "a slow copy: a duplicate, not too old");
        assertEquals(TOO_OLD, w.accept(600, 5 * SEC), "but a number passed 5 s ago is too old");
    }

    @Test
    void sixtyFourBitNumbersNeverWrap() {
        long far = 1L << 33;
        assertEquals(NEW, w.accept(far, 0));
        assertEquals(NEW, w.accept(far + 1, 0));
        assertEquals(TOO_OLD, w.accept(far - (1L << 32), 0), "2^32 behind is old, never new again (issue 13, 2)");
        assertEquals(TOO_OLD, w.accept(1, 0));
        assertEquals(DUPLICATE, w.accept(far, 0));
    }

    @Test
    void resetForgets() {
        w.accept(5, 0);
        w.reset();
        assertEquals(NEW, w.accept(5, 0));
    }

    @Test
    void randomRedundantStreamDeliversEachSeqExactlyOnce() {
        Random r = new Random(7);
        boolean[] seen = new boolean[50_000];
        int delivered = 0;
        for (int s = 0; s < seen.length; s++) {
            for (int copy = 0; copy < 2; copy++) {
                int seq = Math.max(0, s - r.nextInt(300));
                boolean wasSeen = w.seen(seq);
                DedupWindow.Verdict v = w.accept(seq, 0);
                assertEquals(v == DUPLICATE, wasSeen, "seen() foretells a duplicate, seq " + seq);
                if (v == NEW) {
                    assertEquals(false, seen[seq], "seq " + seq + " delivered twice");
                    seen[seq] = true;
                    delivered++;
                }
            }
        }
        assertEquals(delivered, countTrue(seen));
    }

    @Test
    void seenIsFalseOutsideTheWindowAndAheadOfIt() {
        assertEquals(false, w.seen(5), "empty");
        w.accept(100_000, 0);
        assertEquals(true, w.seen(100_000));
        assertEquals(false, w.seen(100_001), "ahead");
        assertEquals(false, w.seen(99_999), "not taken");
        assertEquals(false, w.seen(100_000 - DedupWindow.SIZE), "slid out");
    }

    private static int countTrue(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }
}
