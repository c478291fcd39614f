package net.mwan3.track;

import java.util.OptionalInt;

/**
 * One target's part of a round, as status output shows it ({@code track_ip[]} in {@code mwan3 status}).
 *
 * @param latencyMs   average latency when known; check_quality records mwan3's 999999 for a failed probe
 * @param lossPercent loss when known; check_quality records 100 for a failed probe
 */
public record TargetResult(String ip, TargetStatus status, OptionalInt latencyMs, OptionalInt lossPercent) {

    /** A target mwan3 did not probe because reliability was already reached. */
    public static TargetResult skipped(String ip) {
        return new TargetResult(ip, TargetStatus.SKIPPED, OptionalInt.empty(), OptionalInt.empty());
    }
}
