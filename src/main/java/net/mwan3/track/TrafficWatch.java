package net.mwan3.track;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Traffic-triggered detection for one WAN: fed samples of its two counters (packets out on connections
 * it carries, replies in), it says when to start a probe burst. A WAN is suspected when it has sent
 * packets and had no reply at all for {@link TrafficTiming#suspicion} (or the shorter dense suspicion
 * once enough packets went unanswered). The silence is measured from the first unanswered packet, never
 * from the last reply: a WAN idle for an hour that sends one packet is not silent for an hour. Idle WANs
 * and WANs with only inbound connections never send unanswered packets, so they are never suspected.
 *
 * <p>Bursts are rate-limited: at most one per {@link TrafficTiming#minGap} (the interval) from the start
 * of the last, and after each burst that found the WAN alive the gap doubles (a sender whose peer never
 * answers, such as a one-way UDP stream, costs a burst every 32 intervals at most); a burst that
 * confirms the suspicion, or {@link #reset}, restores the base gap.
 *
 * <p>Pure: no I/O, no clock; confine an instance to one thread.
 */
public final class TrafficWatch {
    private final TrafficTiming timing;

    private boolean primed;
    private long out;
    private long reply;
    /** Outgoing packets since the last reply (or since the baseline). */
    private long unanswered;
    /**
     * When the first unanswered packet left, null while every packet is answered: the midpoint between the
     * sample that first saw it and the one before, the best estimate whatever the period between samples.
     */
    private Instant firstUnanswered;
    /** The previous sample's time. */
    private Instant lastSample;
    /** Whether the last sample saw packets go out. */
    private boolean sending;
    private Suspicion suspicion;
    private boolean bursting;
    private Instant lastBurst;
    private int backoff = 1;
    /** The WAN's slowest reply of its last good round (ms), -1 before one. */
    private int rttMs = -1;

    public TrafficWatch(TrafficTiming timing) {
        this.timing = Objects.requireNonNull(timing);
    }

    /**
     * One sample of the counters at {@code now}. Returns the suspicion when a burst should start now
     * (then {@link #burstDone} must follow), else empty.
     */
    public Optional<Suspicion> sample(long outCount, long replyCount, Instant now) {
        if (!primed || outCount < out || replyCount < reply) {
            baseline(outCount, replyCount); // first sample, or the counters were recreated
            lastSample = now;
            return Optional.empty();
        }
        Instant previous = lastSample;
        lastSample = now;
        long newOut = outCount - out;
        sending = newOut > 0;
        boolean answered = replyCount > reply;
        out = outCount;
        reply = replyCount;
        if (answered) {
            unanswered = 0;
            firstUnanswered = null;
            if (!bursting) {
                suspicion = null;
            }
            return Optional.empty();
        }
        if (newOut > 0) {
            unanswered += newOut;
            if (firstUnanswered == null) {
                firstUnanswered = previous.plus(Duration.between(previous, now).dividedBy(2));
            }
        }
        if (bursting || firstUnanswered == null) {
            return Optional.empty();
        }
        Duration silent = Duration.between(firstUnanswered, now);
        boolean suspect = silent.compareTo(TrafficTiming.silence(timing.suspicion(), rttMs)) >= 0
                || unanswered >= timing.densePackets()
                && silent.compareTo(TrafficTiming.silence(timing.denseSuspicion(), rttMs)) >= 0;
        if (!suspect || !burstAllowed(now)) {
            return Optional.empty();
        }
        suspicion = new Suspicion(now, unanswered, silent);
        bursting = true;
        lastBurst = now;
        return Optional.of(suspicion);
    }

    private boolean burstAllowed(Instant now) {
        return lastBurst == null || !now.isBefore(lastBurst.plus(timing.minGap().multipliedBy(backoff)));
    }

    /**
     * The burst started by the last suspicion ended. {@code confirmed}: it failed, the WAN is going down
     * through the score machine; otherwise it found the WAN alive: the suspicion is cleared and the next
     * burst waits twice as long.
     */
    public void burstDone(boolean confirmed) {
        bursting = false;
        suspicion = null;
        unanswered = 0;
        firstUnanswered = null;
        backoff = confirmed ? 1 : Math.min(TrafficTiming.MAX_BACKOFF, backoff * 2);
    }

    /** Whether a burst may conclude {@code confirmed}: no reply came in since it was suspected. */
    public boolean stillSilent() {
        return firstUnanswered != null;
    }

    /** Forget the counters' history (the WAN came online, or its device changed); the gap starts afresh. */
    public void reset() {
        primed = false;
        suspicion = null;
        bursting = false;
        backoff = 1;
        unanswered = 0;
        firstUnanswered = null;
    }

    /** The WAN's round trip as its last good round measured it (ms): neither silence is shorter than two. */
    public void roundTrip(int slowestRttMs) {
        rttMs = slowestRttMs;
    }

    public Optional<Suspicion> suspected() {
        return Optional.ofNullable(suspicion);
    }

    public boolean bursting() {
        return bursting;
    }

    /**
     * Idle: no packet went out since the sample before, none is unanswered, no burst runs. The sampler may
     * then wait longer between samples; the first packet of new traffic is dated between two samples (there
     * was no reply in that gap to mistake for its answer). A WAN that carries traffic is never calm: its
     * replies make it hard to tell when, within a long gap, the silence began.
     */
    public boolean calm() {
        return !sending && firstUnanswered == null && !bursting;
    }

    private void baseline(long outCount, long replyCount) {
        primed = true;
        sending = false;
        out = outCount;
        reply = replyCount;
        unanswered = 0;
        firstUnanswered = null;
    }
}
