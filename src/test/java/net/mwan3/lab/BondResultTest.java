package net.mwan3.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BondResultTest {
    private static final String PING = "--- 198.18.200.2 ping statistics ---\n"
            + "700 packets transmitted, 698 received, 0.285714% packet loss, time 7012ms\n";

    /** 100 kB per 100 ms sample (8 Mbit/s), with the counter frozen for {@code stalled} samples from 30 on. */
    private static List<Long> bytes(int samples, int stalled) {
        List<Long> b = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < samples; i++) {
            if (i < 30 || i >= 30 + stalled) {
                total += 100_000;
            }
            b.add(total);
        }
        return b;
    }

    @Test
    void ratesBeforeAndDuringTheCutStallAndPings() {
        BondResult r = BondResult.of(bytes(60, 4), 100, 25, 55, PING, new long[] {0, 900, 905});
        assertEquals(8.0, r.mbitBefore(), 1e-9);
        assertEquals(8.0 * 26 / 30, r.mbitCut(), 1e-9);
        assertEquals(400, r.longestStallMs());
        assertEquals(700, r.pingsSent());
        assertEquals(698, r.pingsReceived());
        assertTrue(r.measured());
        assertTrue(r.lines().contains("received on wan1 900, on wan2 905"), r.lines());
        assertTrue(r.lines().contains("pings lost 2 of 700"), r.lines());
        assertTrue(r.lines().contains("interface bond down in mwan3 after - (not within 5 s)"), r.lines());
        assertTrue(r.withBondDown(320).lines().contains("interface bond down in mwan3 after 320 ms"), r.lines());
    }

    @Test
    void noPingSummaryOrNoDownloadMeansNothingWasMeasured() {
        assertFalse(BondResult.of(bytes(60, 0), 100, 25, 55, "ping: connect: Network is unreachable\n",
                new long[3]).measured());
        List<Long> zeros = new ArrayList<>(java.util.Collections.nCopies(60, 0L));
        BondResult r = BondResult.of(zeros, 100, 25, 55, PING, new long[3]);
        assertFalse(r.measured());
        assertTrue(r.lines().contains("the download received nothing"), r.lines());
    }
}
