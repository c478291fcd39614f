package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateEstimatorTest {
    private static final long BEAT = 100_000_000L;

    /** One beat interval at {@code sendRate} bytes/s, of which {@code deliverRate} arrived and {@code lost} not. */
    private static void interval(RateEstimator r, long sendRate, long deliverRate, long lost) {
        long sent = sendRate / 10;
        r.onReport(sent, sent / 1000, deliverRate / 10, lost, BEAT);
    }

    @Test
    void doublesWhileBusyUntilTheFirstLossThenTakesTheDeliveredRate() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        interval(r, r.pacingRate(), r.pacingRate(), 0);
        assertEquals(2_000_000, r.rate());
        interval(r, r.pacingRate(), r.pacingRate(), 0);
        assertEquals(4_000_000, r.rate());
        assertTrue(r.inSlowStart());
        interval(r, r.pacingRate(), 3_000_000, 10);
        assertEquals(3_000_000, r.rate(), "the queue overflowed: what it delivered is the capacity");
        assertFalse(r.inSlowStart());
    }

    @Test
    void aLossAfterSlowStartBacksOffToNinetyPercentNotToTheRetreatingFlowsDelivery() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        interval(r, 8_000_000, 6_000_000, 100);
        assertEquals(6_000_000, r.rate());
        interval(r, r.pacingRate(), 3_000_000, 20);
        assertEquals(5_400_000, r.rate(), "TCP halved its rate in the same interval; the link did not halve");
        interval(r, r.pacingRate(), 5_900_000, 20);
        assertEquals(5_900_000, r.rate(), "a delivery above the back-off floor is the better capacity measure");
    }

    @Test
    void theProbeMarginDoublesWithEachBusyLossFreeIntervalAndResetsOnLoss() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        interval(r, 2_000_000, 1_000_000, 100);
        long[] margins = new long[6];
        for (int i = 0; i < margins.length; i++) {
            margins[i] = Math.round(100.0 * r.pacingRate() / r.rate()) - 100;
            interval(r, r.pacingRate(), r.rate(), 0); // busy, but the link delivers no more than the estimate
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {5, 10, 20, 40, 80, 80}, margins);
        interval(r, r.pacingRate(), r.rate(), 50);
        assertEquals(105, Math.round(100.0 * r.pacingRate() / r.rate()), "a loss: gentle probing again");
    }

    @Test
    void pacesAFewPercentAboveTheEstimateAndGrowsByWhatThatProbeDelivers() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        interval(r, 1_000_000, 1_000_000, 5);
        assertEquals(1_050_000, r.pacingRate());
        interval(r, r.pacingRate(), r.pacingRate(), 0);
        assertEquals(1_050_000, r.rate(), "the link carried the probe: the estimate follows, not doubles");
    }

    @Test
    void aShortQueueOverflowingWhileProbingDoesNotCutBelowTheCapacity() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        interval(r, 8_000_000, 6_000_000, 100);
        for (int i = 0; i < 30; i++) {
            interval(r, r.pacingRate(), 6_000_000, 3);
        }
        assertEquals(6_000_000, r.rate(), "MUD's 7/8 cut would sit at 5.25 MB/s after every such interval");
    }

    @Test
    void maxFilterRemembersTheBestBusyIntervalAndForgetsItAfterTheWindow() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        interval(r, 6_000_000, 5_000_000, 100);
        interval(r, r.pacingRate(), 5_200_000, 0);
        interval(r, r.pacingRate(), 4_500_000, 0);
        assertEquals(5_200_000, r.rate(), "one slow interval (noise, a busy receiver) does not lower it");
        for (int i = 0; i < RateEstimator.WINDOW; i++) {
            interval(r, r.pacingRate(), 4_000_000, 0);
        }
        assertEquals(4_000_000, r.rate(), "the link really got slower: gone after the window");
    }

    @Test
    void aPathTheTrafficDoesNotFillKeepsItsEstimate() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        interval(r, 6_000_000, 5_000_000, 100);
        for (int i = 0; i < 3 * RateEstimator.WINDOW; i++) {
            interval(r, 500_000, 500_000, 0);
        }
        r.onReport(0, 0, 0, 0, BEAT);
        assertEquals(5_000_000, r.rate(), "sending a tenth of the pacing rate says nothing about the link");
    }

    @Test
    void aTrafficLightSlowStartNeitherDoublesNorFreezesAboveTheLink() {
        RateEstimator r = new RateEstimator(20_000_000, 10_000, 1_000_000_000);
        interval(r, 6_000_000, 5_700_000, 300);
        assertEquals(5_700_000, r.rate(), "5 % lost although far below the pacing rate: the link is full");
        interval(r, 1_000_000, 1_000_000, 0);
        assertEquals(5_700_000, r.rate());
    }

    @Test
    void inSlowStartAStandingQueueWithHalfTheEstimateDeliveredEndsIt() {
        RateEstimator r = new RateEstimator(5_000_000, 10_000, 1_000_000_000);
        r.onReport(240_000, 240, 240_000, 0, true, BEAT);
        assertEquals(2_400_000, r.rate(), "20 Mbit link estimated at 40: full, yet no loss");
        assertFalse(r.inSlowStart());
    }

    @Test
    void aQueueOfOtherTrafficOrAfterSlowStartCutsNothing() {
        RateEstimator r = new RateEstimator(5_000_000, 10_000, 1_000_000_000);
        r.onReport(1_000, 1, 1_000, 0, true, BEAT);
        assertEquals(5_000_000, r.rate(), "beats only: the queue is someone else's");
        interval(r, 6_000_000, 5_000_000, 100);
        r.onReport(200_000, 200, 200_000, 0, true, BEAT);
        assertEquals(5_000_000, r.rate(), "after slow start only losses cut: RTT noise looks like queues");
    }

    @Test
    void singleLossesAreNoise() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        interval(r, 1_000_000, 1_000_000, 1);
        assertEquals(2_000_000, r.rate(), "one datagram in a hundred: still slow start");
    }

    @Test
    void boundedByMinAndMax() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_500_000);
        interval(r, r.pacingRate(), r.pacingRate(), 0);
        assertEquals(1_500_000, r.rate());
        interval(r, r.pacingRate(), 0, 150);
        assertEquals(10_000, r.rate());
    }
}
