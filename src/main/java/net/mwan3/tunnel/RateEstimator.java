package net.mwan3.tunnel;

/**
 * Estimates how many bytes per second a path delivers, from what we sent on it and what the peer's beats say
 * arrived and was lost, once per beat interval. The estimate is the highest delivered rate of the last
 * {@link #WINDOW} intervals in which the path was busy (BBR's max filter): a path sent into at or above its
 * capacity delivers exactly its capacity, so one busy interval measures it. An interval in which we sent well
 * under the pacing rate says nothing about capacity and is skipped, or the estimate would sink to whatever the
 * traffic happened to be.
 *
 * <p>The path is paced at {@link #pacingRate()}, a probe margin above the estimate, so a busy path always asks
 * for a little more than it is known to carry: if it can, the next sample is higher and the estimate grows by
 * that much. If it cannot, its queue overflows and the peer reports datagrams lost (gaps in the path seq). In
 * slow start (the estimate doubling per busy interval) the first loss makes that interval's delivered rate the
 * capacity; later a loss backs off to {@link #LOSS_BACKOFF} of the estimate (or the delivered rate, if higher).
 * Slow start can also overshoot without a loss: doubling on both of an 80 + 20 Mbit pair split half and half,
 * the slow link fills (its queue stands) while TCP, held to twice the slow link, never makes it drop. So in slow
 * start a standing queue with less than half the estimate delivered ends it too. Only in slow start: later, on
 * this noisy 2-core lab, RTT noise read as a queue cut good estimates far more often than it caught a real one,
 * and losses are there to do it. This replaces MUD's rule (cut to 7/8 of delivered when under 90 % of sent
 * arrived, else +10 %): comparing two unaligned intervals' byte counts missed a 5 % loss that wrecks TCP, and
 * froze an estimate far above the link whenever the traffic did not fill it.
 */
public final class RateEstimator {
    /** How often the probe margin may double (5 % × 2^4 = 80 %). */
    static final int MAX_DOUBLINGS = 4;
    /** Busy intervals the max filter looks back over (one second at MUD's 100 ms beat). */
    static final int WINDOW = 10;
    /** Pacing above the estimate: the standing probe for more capacity. */
    static final double PROBE_GAIN = 1.05;
    /** A path sent at least this share of what its pacing allowed was busy: its delivery measures capacity. */
    static final double BUSY = 0.75;
    /**
     * A queue says the path is full only if we put a fair share of it there; a queue of someone else's traffic
     * (the same WAN's other users) says nothing about what the path would carry for us.
     */
    static final double USED = 0.25;
    /**
     * After slow start a loss backs the estimate off to this share of itself, or to the delivered rate if that is
     * higher: the interval's delivery then also carries TCP's own retreat from the same loss, and taking it as
     * the capacity sank the estimate of an 80 Mbit link to 44 and let it climb back at 5 % per interval.
     */
    static final double LOSS_BACKOFF = 0.9;
    /** Loss above one datagram in this many is the path's queue overflowing, not noise. */
    static final int LOSS_ONE_IN = 50;
    private final long min;
    private final long max;
    private final long[] samples = new long[WINDOW];
    private int next;
    private long rate;
    private boolean slowStart = true;
    /** Busy intervals in a row without loss since slow start ended. */
    private int streak;

    public RateEstimator(long initialBytesPerSecond, long minBytesPerSecond, long maxBytesPerSecond) {
        this.rate = initialBytesPerSecond;
        this.min = minBytesPerSecond;
        this.max = maxBytesPerSecond;
    }

    /**
     * One interval's report: {@code sentBytes} in {@code sentPackets} datagrams by us, {@code delivered} bytes
     * at the peer and {@code lost} datagrams lost on the way, over {@code nanos}.
     */
    public void onReport(long sentBytes, long sentPackets, long delivered, long lost, long nanos) {
        onReport(sentBytes, sentPackets, delivered, lost, false, nanos);
    }

    /** As above, with {@code queued}: the path's RTT shows a standing queue (see {@link RttEstimator#queued}). */
    public void onReport(long sentBytes, long sentPackets, long delivered, long lost, boolean queued, long nanos) {
        if (nanos <= 0 || sentBytes <= 0) {
            return;
        }
        long deliveredRate = (long) (delivered / (nanos / 1e9));
        double allowed = pacingRate() * (nanos / 1e9);
        boolean full = slowStart && queued && sentBytes >= allowed * USED && deliveredRate < rate / 2;
        if (lost >= 2 && lost * LOSS_ONE_IN > sentPackets || full) {
            long floor = slowStart ? 0 : (long) (rate * LOSS_BACKOFF);
            slowStart = false;
            streak = 0;
            java.util.Arrays.fill(samples, 0);
            rate = clamp(Math.max(deliveredRate, floor));
            record(rate);
            return;
        }
        boolean busy = sentBytes >= allowed * BUSY;
        streak = busy && !slowStart ? streak + 1 : 0;
        if (!busy && deliveredRate <= rate) {
            return;
        }
        record(deliveredRate);
        rate = clamp(slowStart && busy ? rate * 2 : maxSample());
    }

    private void record(long sample) {
        samples[next] = sample;
        next = (next + 1) % WINDOW;
    }

    private long maxSample() {
        long m = 0;
        for (long s : samples) {
            m = Math.max(m, s);
        }
        return m;
    }

    private long clamp(long r) {
        return Math.max(min, Math.min(max, r));
    }

    /** The estimated deliverable rate, bytes per second. */
    public long rate() {
        return rate;
    }

    /**
     * The rate to pace the path at: the estimate plus the probe. The probe doubles its margin (5, 10, 20, 40 and
     * at most 80 % above the estimate) with each busy interval in a row without loss: a path that keeps carrying
     * more than it was thought to carry is probed faster, one that just lost is probed gently. Growing by a fixed
     * 5 % took an 80 Mbit link ten seconds to recover from an early underestimate.
     */
    public long pacingRate() {
        double gain = slowStart ? PROBE_GAIN : 1 + (PROBE_GAIN - 1) * (1 << Math.min(streak, MAX_DOUBLINGS));
        return (long) (rate * gain);
    }

    /** Whether the estimate is still doubling (no shortfall seen yet). */
    public boolean inSlowStart() {
        return slowStart;
    }
}
