package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LossMeterTest {
    private final LossMeter m = new LossMeter();

    @Test
    void unknownUntilTrafficWasReportedTwice() {
        assertEquals(-1, m.loss());
        m.onReport(100, 10);
        assertEquals(-1, m.loss());
        m.onReport(100, 10);
        assertEquals(-1, m.loss(), "nothing sent in between");
    }

    @Test
    void lossIsLostOverSentAcrossTheWindow() {
        m.onReport(0, 0);
        for (int i = 1; i <= 5; i++) {
            m.onReport(100L * i, 10 * i);
        }
        assertEquals(0.10, m.loss(), 1e-9);
    }

    @Test
    void onlyTheLastWindowCounts() {
        m.onReport(0, 0);
        for (int i = 1; i <= 20; i++) {
            m.onReport(100L * i, i <= 10 ? 50 * i : 500);
        }
        assertEquals(0.0, m.loss(), 1e-9, "the lossy first second has left the window");
    }

    @Test
    void thePeersWrappingCounterIsExtended() {
        m.onReport(1000, -10);
        m.onReport(1200, 10);
        assertEquals(0.1, m.loss(), 1e-9);
    }

    @Test
    void aPeerRestartStartsTheWindowOver() {
        m.onReport(0, 0);
        m.onReport(1000, 500);
        assertEquals(0.5, m.loss(), 1e-9);
        m.onReport(1100, 0x7000_0000);
        assertEquals(-1, m.loss());
        m.onReport(1200, 0x7000_0000 + 10);
        assertEquals(0.1, m.loss(), 1e-9);
    }
}
