package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateEstimatorTest {
    private static final long BEAT = 100_000_000L;

    /**
     * One beat interval in which {@code deliverRate} bytes/s arrived of what was sent (1 MB/s, or as much as
     * arrived if that is more) and {@code lost} datagrams did not.
     */
    private static void interval(RateEstimator r, long deliverRate, long lost, boolean queued, boolean otherFull) {
        long sent = Math.max(1_000_000, deliverRate) / 10;
        r.onReport(sent, sent / 1000, deliverRate / 10, lost, queued, otherFull, BEAT);
    }

    private static RateEstimator estimator() {
        return new RateEstimator(1_000_000, 10_000, 100_000_000);
    }

    @Test
    void aStandingQueueMakesTheDeliveredRateTheWeight() {
        RateEstimator r = estimator();
        interval(r, 3_000_000, 0, true, false);
        assertTrue(r.full());
        assertEquals(3_000_000, r.rate(), "full: what it delivered is what it carries");
    }

    @Test
    void lossAboveOneInFiftyIsFullAndNoiseIsNot() {
        RateEstimator r = estimator();
        interval(r, 500_000, 2, false, false);
        assertFalse(r.full(), "2 of 100 is not above one in fifty");
        assertEquals(1_000_000, r.rate(), "not full, nobody else full: the weight stays");
        interval(r, 500_000, 3, false, false);
        assertTrue(r.full());
        assertEquals(500_000, r.rate());
    }

    @Test
    void theHighestFullDeliveryOfTheWindowHoldsThroughTcpsRetreat() {
        RateEstimator r = estimator();
        interval(r, 6_000_000, 0, true, false);
        interval(r, 3_000_000, 10, false, false);
        assertEquals(6_000_000, r.rate(), "TCP halved its rate after the loss; the link did not halve");
        for (int i = 1; i < RateEstimator.WINDOW; i++) {
            interval(r, 3_000_000, 0, true, false);
        }
        assertEquals(3_000_000, r.rate(), "ten full intervals at 3 MB/s: the link really is slower now");
    }

    @Test
    void aPathWithRoomGrowsWhileAnotherIsFull() {
        RateEstimator r = estimator();
        interval(r, 800_000, 0, false, true);
        assertEquals(1_250_000, r.rate());
        interval(r, 1_250_000, 0, false, true);
        assertEquals(1_562_500, r.rate());
        interval(r, 1_000_000, 0, false, false);
        assertEquals(1_562_500, r.rate(), "nobody full: the traffic is the limit, the split stays");
    }

    @Test
    void growthNearARecentlyMeasuredCapacityIsAProbeNotAFlood() {
        RateEstimator r = estimator();
        interval(r, 8_000_000, 0, true, false);
        interval(r, 7_000_000, 0, false, true);
        assertEquals(8_800_000, r.rate(), "10 % above the capacity just measured, not 25 % above 8");
        interval(r, 7_000_000, 0, false, true);
        assertEquals(8_800_000, r.rate());
        for (int i = 0; i < RateEstimator.WINDOW; i++) {
            interval(r, 7_000_000, 0, false, true);
        }
        assertTrue(r.rate() > 10_000_000, "no full interval for a second: the old capacity no longer bounds it");
    }

    @Test
    void anIdleIntervalSaysNothing() {
        RateEstimator r = estimator();
        interval(r, 3_000_000, 0, true, false);
        r.onReport(0, 0, 0, 0, true, true, BEAT);
        assertFalse(r.full());
        assertEquals(3_000_000, r.rate());
    }

    @Test
    void theWeightStaysWithinItsBounds() {
        RateEstimator r = estimator();
        interval(r, 0, 50, false, false);
        assertEquals(10_000, r.rate(), "all lost: the floor, so the path is still tried");
        for (int i = 0; i < 60; i++) {
            interval(r, 0, 0, false, true);
        }
        assertEquals(100_000_000, r.rate());
    }

    @Test
    void aQueueOrLossOnAPathWeHardlyUsedIsSomeoneElsesAndNotFull() {
        RateEstimator r = new RateEstimator(8_000_000, 10_000, 100_000_000);
        r.onReport(100_000, 70, 100_000, 0, true, false, BEAT); // 1 MB/s sent: 1/8 of its weight
        assertFalse(r.full(), "the WAN's other traffic stands in its queue");
        assertEquals(8_000_000, r.rate());
        r.onReport(100_000, 70, 90_000, 5, false, false, BEAT);
        assertFalse(r.full());
        r.onReport(300_000, 210, 300_000, 0, true, false, BEAT); // 3 MB/s: over a quarter of 8
        assertTrue(r.full());
        assertEquals(3_000_000, r.rate(), "now it is our traffic that fills it");
    }
}
