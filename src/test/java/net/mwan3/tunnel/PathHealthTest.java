package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PathHealthTest {
    private static final long MS = 1_000_000L;
    private final PathHealth h = new PathHealth(100 * MS, 3, 2);

    @Test
    void startsDownAndComesUpAfterTwoGoodBeats() {
        assertFalse(h.up());
        h.onBeat(0);
        assertFalse(h.up(), "one beat is not enough");
        h.onBeat(100 * MS);
        assertTrue(h.up());
        assertEquals(100 * MS, h.since());
    }

    @Test
    void goesDownAfterThreeMissedBeats() {
        up();
        h.tick(400 * MS);
        assertTrue(h.up(), "exactly three intervals after the last beat: still up");
        h.tick(401 * MS);
        assertFalse(h.up(), "down within 300 ms of the last beat");
        assertEquals(401 * MS, h.since());
    }

    @Test
    void twoMissedBeatsAreTolerated() {
        up();
        h.tick(300 * MS);
        h.onBeat(350 * MS);
        h.tick(600 * MS);
        assertTrue(h.up());
    }

    @Test
    void beatsTooFarApartDoNotCountAsGood() {
        up();
        h.tick(1000 * MS);
        assertFalse(h.up());
        h.onBeat(1100 * MS);
        h.onBeat(1400 * MS);
        assertFalse(h.up(), "300 ms apart: the streak restarts");
        h.onBeat(1500 * MS);
        assertTrue(h.up());
        assertEquals(3, h.transitions());
    }

    @Test
    void silence() {
        assertEquals(-1, h.silentFor(5));
        h.onBeat(5);
        assertEquals(10, h.silentFor(15));
    }

    @Test
    void rttSmoothingFollowsRfc6298() {
        RttEstimator r = new RttEstimator();
        assertFalse(r.known());
        r.sample(100);
        assertEquals(100, r.srtt());
        assertEquals(50, r.rttvar());
        r.sample(200);
        assertEquals(112, r.srtt(), "7/8 * 100 + 1/8 * 200 = 112.5");
        assertEquals(62, r.rttvar(), "3/4 * 50 + 1/4 * 100 = 62.5");
        r.sample(-5);
        assertEquals(200, r.latest(), "negative samples (clock glitch) are ignored");
    }

    private void up() {
        h.onBeat(0);
        h.onBeat(100 * MS);
        assertTrue(h.up());
    }

    @Test
    void anUnusableWanIsDownAtOnceAndBackWithFreshBeats() {
        up();
        int before = h.transitions();
        h.setUsable(false, 150 * MS);
        assertFalse(h.up(), "down at once, no beat timeout");
        assertEquals(150 * MS, h.since());
        h.onBeat(200 * MS);
        h.tick(250 * MS);
        assertFalse(h.up(), "beats alone do not revive a path whose WAN is offline");
        h.setUsable(true, 260 * MS);
        assertTrue(h.up(), "usable again with fresh beats: up at once");
        assertEquals(before + 2, h.transitions());
    }

    @Test
    void aUsableWanStillNeedsBeats() {
        up();
        h.setUsable(false, 150 * MS);
        h.tick(1000 * MS);
        h.setUsable(true, 1000 * MS);
        assertFalse(h.up(), "its beats went stale while the WAN was offline");
        h.onBeat(1050 * MS);
        h.onBeat(1150 * MS);
        assertTrue(h.up());
    }
}
