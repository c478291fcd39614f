package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateEstimatorTest {
    private static final long BEAT = 100_000_000L;

    @Test
    void doublesUntilTheFirstShortfallThenDropsToSevenEighthsOfDelivered() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        r.onReport(100_000, 100_000, BEAT);
        assertEquals(2_000_000, r.rate());
        r.onReport(200_000, 150_000, BEAT);
        assertEquals(1_312_500, r.rate(), "delivered 1.5 MB/s * 7/8");
        r.onReport(131_250, 131_250, BEAT);
        assertEquals(1_443_750, r.rate(), "+10 % after slow start");
    }

    @Test
    void unusedPathKeepsItsRate() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_000_000_000);
        r.onReport(1_000, 0, BEAT);
        r.onReport(0, 0, BEAT);
        assertEquals(1_000_000, r.rate());
    }

    @Test
    void boundedByMinAndMax() {
        RateEstimator r = new RateEstimator(1_000_000, 10_000, 1_500_000);
        r.onReport(100_000, 100_000, BEAT);
        assertEquals(1_500_000, r.rate());
        r.onReport(150_000, 0, BEAT);
        assertEquals(10_000, r.rate());
    }
}
