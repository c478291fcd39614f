package net.mwan3.track;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tracker as status output shows it: mwan3's status files ({@code STATUS}, {@code SCORE}, {@code LOST},
 * {@code TURN}, {@code ONLINE}, {@code OFFLINE}, {@code TIME}, {@code TRACK_<ip>}) in one value.
 *
 * @param targets      the last round's per-target results, empty before the first round
 * @param onlineSince  when it last connected; empty once it goes offline (mwan3 writes 0). A degradation
 *                     ({@code disconnecting}) keeps it
 * @param offlineSince when it last went offline (or was disabled); empty once it connects
 * @param lastRoundAt  end of the last round, for {@code age}
 */
public record TrackerSnapshot(TrackerState state, int score, int lost, int turn, List<TargetResult> targets,
                              Optional<Instant> onlineSince, Optional<Instant> offlineSince,
                              Optional<Instant> lastRoundAt) {

    public TrackerSnapshot {
        targets = List.copyOf(targets);
    }

    /** mwan3's {@code STARTED}: tracking is active rather than paused. */
    public boolean started() {
        return state != TrackerState.DISABLED;
    }

    /** How long it has been online at {@code now} (status "online 00h:01m:23s"); empty if it is not connected. */
    public Optional<Duration> onlineFor(Instant now) {
        return onlineSince.map(since -> Duration.between(since, now));
    }

    /** How long it has been offline at {@code now}; empty if it is connected. */
    public Optional<Duration> offlineFor(Instant now) {
        return offlineSince.map(since -> Duration.between(since, now));
    }
}
