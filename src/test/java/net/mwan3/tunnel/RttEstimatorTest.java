package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {
    private static final long MS = 1_000_000L;

    @Test
    void aStandingQueueIsSmoothedAndLatestWellAboveTheMinimum() {
        RttEstimator r = new RttEstimator();
        assertFalse(r.queued(3 * MS), "nothing known");
        for (int i = 0; i < 10; i++) {
            r.sample(MS);
        }
        assertEquals(MS, r.min());
        r.sample(20 * MS);
        assertFalse(r.queued(3 * MS), "one late beat is not a queue");
        for (int i = 0; i < 10; i++) {
            r.sample(12 * MS);
        }
        assertTrue(r.queued(3 * MS));
        r.sample(MS);
        assertFalse(r.queued(3 * MS), "the queue drained");
    }

    @Test
    void theMinimumIsForgottenAfterItsWindow() {
        RttEstimator r = new RttEstimator();
        r.sample(MS);
        for (int i = 0; i <= RttEstimator.MIN_WINDOW; i++) {
            r.sample(30 * MS);
        }
        assertEquals(30 * MS, r.min(), "the path's base RTT rose (a new route): a queue is measured from it");
    }
}
