package net.mwan3.track;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import net.mwan3.config.Quality;
import net.mwan3.config.TrackMethod;
import net.mwan3.config.Tracking;

/** Tracking configurations and round verdicts for the track tests; intervals differ so sleeps are telling. */
final class TrackFixtures {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final Duration FAILURE = Duration.ofSeconds(3);
    static final Duration RECOVERY = Duration.ofMillis(5500);
    static final Quality QUALITY = new Quality(1000, 40, 500, 10);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final List<String> TWO = List.of("192.0.2.1", "198.51.100.1");

    private TrackFixtures() {
    }

    static Tracking tracking(int up, int down, boolean keepFailureInterval) {
        return tracking(List.of("192.0.2.1"), 1, up, down, keepFailureInterval, false);
    }

    static Tracking tracking(List<String> ips, int reliability, int up, int down, boolean keepFailureInterval,
                             boolean checkQuality) {
        return new Tracking(ips, TrackMethod.PING, 0, false, reliability, 1, 56, 60, Duration.ofSeconds(4),
                INTERVAL, FAILURE, RECOVERY, keepFailureInterval, checkQuality, QUALITY, up, down);
    }

    /** A good round: one target up. */
    static RoundVerdict good() {
        return new RoundVerdict(List.of(result("192.0.2.1", TargetStatus.UP)), true);
    }

    /** A bad round with {@code downTargets} targets down (added to lost). */
    static RoundVerdict bad(int downTargets) {
        List<TargetResult> targets = java.util.stream.IntStream.range(0, downTargets)
                .mapToObj(i -> result("192.0.2." + (i + 1), TargetStatus.DOWN)).toList();
        return new RoundVerdict(targets, false);
    }

    static RoundVerdict bad() {
        return bad(1);
    }

    static TargetResult result(String ip, TargetStatus status) {
        return new TargetResult(ip, status, OptionalInt.empty(), OptionalInt.empty());
    }
}
