package net.mwan3.track;

import java.time.Duration;

import net.mwan3.config.Tracking;

/**
 * When a WAN's silence makes it suspected, and how often that may start a burst. Derived from the
 * interface's tracking options, so mwan3's words keep their meaning: a burst is {@code down} probes per
 * target (a failed burst is {@code down} failed rounds), and at most one burst starts per {@code
 * interval} (a WAN is never probed more often than its rounds would, except in one burst), doubling
 * after each burst that found the WAN alive up to {@link #MAX_BACKOFF} times the interval.
 *
 * @param suspicion      silence (outgoing packets, no reply) after which a WAN is suspected
 * @param denseSuspicion the shorter silence that suffices once {@code densePackets} went unanswered:
 *                       dense traffic is evidence sooner
 * @param densePackets   unanswered outgoing packets that make traffic dense (a page load's handful of
 *                       new connections is enough: each of them expects an answer within a round trip)
 * @param minGap         the shortest time from one burst's start to the next one's (the interval)
 * @param probes         probes per target in a burst ({@code down})
 * @param spacing        time between a burst's probes to one target
 */
public record TrafficTiming(Duration suspicion, Duration denseSuspicion, int densePackets, Duration minGap,
                            int probes, Duration spacing) {

    public static final Duration SUSPICION = Duration.ofSeconds(1);
    public static final Duration DENSE_SUSPICION = Duration.ofMillis(500);
    public static final int DENSE_PACKETS = 5;
    /** Neither silence is shorter than this many of the WAN's round trips (a satellite's 600 ms ...). */
    public static final int SILENCE_RTTS = 2;
    public static final Duration SPACING = Duration.ofMillis(25);
    /** The burst gap grows to at most this many intervals after bursts that found the WAN alive. */
    public static final int MAX_BACKOFF = 32;
    /** A burst's probes wait at least this long for a reply ... */
    public static final Duration BURST_TIMEOUT_FLOOR = Duration.ofMillis(300);
    /** ... and this many times the slowest reply of the last good rounds, never longer than {@code timeout}. */
    public static final int BURST_TIMEOUT_RTTS = 4;

    public static TrafficTiming of(Tracking t) {
        return new TrafficTiming(SUSPICION, DENSE_SUSPICION, DENSE_PACKETS, t.interval(), t.down(), SPACING);
    }

    /**
     * A burst probe's timeout: long enough for this WAN's replies (four times the slowest one of the
     * recent good rounds, at least 300 ms) but no longer than {@code timeout}. The burst only confirms what
     * the traffic already says (nothing came back for a second), so it need not wait out a timeout
     * chosen for rounds that have no other evidence; without a measured reply it waits {@code timeout}.
     */
    /**
     * {@code base} silence for a WAN whose slowest reply of the last good round took {@code rttMs} (-1:
     * none measured): at least {@link #SILENCE_RTTS} round trips, so a slow WAN's replies are not
     * mistaken for silence.
     */
    public static Duration silence(Duration base, int rttMs) {
        Duration rtts = Duration.ofMillis(Math.max(0, rttMs) * (long) SILENCE_RTTS);
        return rtts.compareTo(base) > 0 ? rtts : base;
    }

    public static Duration burstTimeout(Duration timeout, int slowestRecentRttMs) {
        if (slowestRecentRttMs < 0) {
            return timeout;
        }
        Duration d = Duration.ofMillis((long) slowestRecentRttMs * BURST_TIMEOUT_RTTS);
        if (d.compareTo(BURST_TIMEOUT_FLOOR) < 0) {
            d = BURST_TIMEOUT_FLOOR;
        }
        return d.compareTo(timeout) > 0 ? timeout : d;
    }
}
