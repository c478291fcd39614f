package net.mwan3.track;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one input to the {@link ScoreMachine} did: the state and score after it, the hotplug events to emit
 * in order (at most two, e.g. {@code disconnecting} then {@code disconnected}), and when to run the next round.
 *
 * @param sleep     delay before the next round: zero right after (re)connecting, empty while
 *                  {@link TrackerState#DISABLED} (no rounds until ifup)
 * @param lostPings when a good round ends a run of failures: mwan3's "Lost N ping(s)" figure
 *                  ({@code lost * count}); otherwise 0
 */
public record TrackStep(TrackerState state, int score, List<TrackEvent> events, Optional<Duration> sleep,
                        int lostPings) {

    public TrackStep {
        events = List.copyOf(events);
    }
}
