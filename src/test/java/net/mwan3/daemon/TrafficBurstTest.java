package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The daemon's traffic detection on the fake kernel: counters counted by the test, probes scripted.
 * Rounds are 10 s apart (mwan3's default), so whatever happens within the test's seconds is a burst's.
 */
class TrafficBurstTest {
    static final String DEFAULT_TIMING = DaemonTest.TWO_WANS.replace("\toption interval '0.05'\n\toption timeout '0.05'\n\toption up '2'\n\toption down '2'\n",
            "\toption interval '10'\n\toption timeout '4'\n\toption up '5'\n\toption down '5'\n");

    /** Counts {@code out} packets every 50 ms on wan, and {@code replies} replies. */
    private static ScheduledExecutorService traffic(DaemonHarness h, int out, int replies) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        s.scheduleAtFixedRate(() -> {
            h.kernel.count("mwan3_out_wan", out);
            h.kernel.count("mwan3_reply_wan", replies);
        }, 0, 50, TimeUnit.MILLISECONDS);
        return s;
    }

    @Test
    void unansweredTrafficAndAFailedBurstTakeTheWanDownAsFailedRoundsWould() {
        assertTrue(DEFAULT_TIMING.contains("option interval '10'"), DEFAULT_TIMING);
        try (DaemonHarness h = new DaemonHarness(DEFAULT_TIMING)) {
            h.await("wan online", () -> h.request("interfaces").contains("interface wan is online"));
            ScheduledExecutorService s = traffic(h, 3, 0);
            try {
                h.targets.put("203.0.113.1", false);
                h.await("wan offline", () -> h.request("interfaces").contains("interface wan is offline"));
            } finally {
                s.shutdownNow();
            }
            assertTrue(h.events.indexOf("wan disconnecting") < h.events.indexOf("wan disconnected"), h.events.toString());
            String json = h.request("status", "--json", "interfaces", "wan");
            assertTrue(json.contains("\"bursts_confirmed\" : 1"), json);
            // The first round may or may not have failed already (it races the test's switch): the burst
            // applies the rounds still needed, so 5 or 6 turns.
            assertTrue(json.contains("\"score\" : 0") && (json.contains("\"turn\" : 6") || json.contains("\"turn\" : 5")),
                    json);
        }
    }

    @Test
    void aBurstThatIsAnsweredChangesNothingAndAnsweredTrafficNeverBursts() {
        try (DaemonHarness h = new DaemonHarness(DEFAULT_TIMING)) {
            h.await("wan online", () -> h.request("interfaces").contains("interface wan is online"));
            ScheduledExecutorService answered = traffic(h, 3, 2);
            DaemonHarness.sleep(1500);
            answered.shutdownNow();
            assertTrue(h.request("status", "--json", "interfaces", "wan").contains("\"bursts_started\" : 0"));
            ScheduledExecutorService s = traffic(h, 3, 0);
            try {
                h.await("a burst cleared", () -> h.request("status", "--json", "interfaces", "wan")
                        .contains("\"bursts_cleared\" : 1"));
            } finally {
                s.shutdownNow();
            }
            assertFalse(h.events.contains("wan disconnecting"), h.events.toString());
            String json = h.request("status", "--json", "interfaces", "wan");
            assertTrue(json.contains("\"score\" : 10") && json.contains("\"status\" : \"online\""), json);
            assertEquals(1, json.split("\"bursts_started\" : 1", -1).length - 1, "one burst per interval at most: " + json);
        }
    }
}
