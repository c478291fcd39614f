package net.mwan3.tunnel;

/**
 * A path's share of aggregate traffic: its weight in the scheduler, in bytes per second, learned once per beat
 * interval from what we sent on it and what the peer's beats say arrived and was lost.
 *
 * <p>Only a <em>full</em> path says what it can carry: one whose queue overflowed (datagrams lost) or stands
 * (its RTT sits above its minimum) while we sent it at least {@link #USED} of its weight. What it delivered in a full interval is its capacity, and its weight is the
 * highest such delivery of the last {@link #WINDOW} full intervals (BBR's max filter), so that an interval in
 * which the inner TCP retreated from a loss does not sink it. A path that is not full while another is gets more
 * of the traffic: its weight grows by {@link #GROWTH} per interval until it fills too. While no path is full the
 * weights stay as they are: the traffic, not the paths, is the limit, and the split is right as it stands.
 *
 * <p>This replaces pacing each path at its estimate plus a probe margin. Pacing made the tunnel the bottleneck:
 * the estimate could only grow by what the probe delivered, each probe that overshot was a loss for the inner
 * TCP, and 80 + 20 Mbit carried 60–67 Mbit/s (paced) against 74–76 (unpaced) in the same lab. The links' own
 * queues now take TCP's probing, as they would without the tunnel; the split keeps both of them filling.
 */
public final class RateEstimator {
    /** Full intervals the capacity max filter looks back over (one second at MUD's 100 ms beat). */
    static final int WINDOW = 10;
    /** Growth per interval of a path with room while another is full: 80 from 20 Mbit in about 0.6 s. */
    static final double GROWTH = 1.25;
    /** How far above its recent capacity a path that was full lately is pushed: a probe, not a flood. */
    static final double PROBE = 1.1;
    /**
     * A path is full for us only if we sent it at least this share of its weight: a queue or loss while we sent
     * it little is the WAN's other traffic (or our own raw tests beside the tunnel), and taking the trickle that
     * arrived as its capacity sank the weight to the floor, from where it took seconds to grow back.
     */
    static final double USED = 0.25;
    /** Loss above one datagram in this many is the path's queue overflowing, not noise. */
    static final int LOSS_ONE_IN = 50;
    private final long min;
    private final long max;
    private final long[] samples = new long[WINDOW];
    private int next;
    private long weight;
    private boolean full;
    /** Intervals since the latest full one: the max filter's samples are recent while this is under WINDOW. */
    private int sinceFull = WINDOW;

    public RateEstimator(long initialBytesPerSecond, long minBytesPerSecond, long maxBytesPerSecond) {
        this.weight = initialBytesPerSecond;
        this.min = minBytesPerSecond;
        this.max = maxBytesPerSecond;
    }

    /**
     * One interval's report: {@code sentBytes} in {@code sentPackets} datagrams by us, {@code delivered} bytes at
     * the peer and {@code lost} datagrams lost on the way, over {@code nanos}; {@code queued}: the path's RTT
     * shows a standing queue (see {@link RttEstimator#queued}); {@code otherFull}: another path was full in its
     * latest interval.
     */
    public void onReport(long sentBytes, long sentPackets, long delivered, long lost, boolean queued,
            boolean otherFull, long nanos) {
        if (nanos <= 0 || sentBytes <= 0) {
            full = false;
            return;
        }
        double seconds = nanos / 1e9;
        long deliveredRate = (long) (delivered / seconds);
        boolean used = sentBytes >= USED * weight * seconds;
        full = used && (queued || lost >= 2 && lost * LOSS_ONE_IN > sentPackets);
        sinceFull = full ? 0 : Math.min(WINDOW, sinceFull + 1);
        if (full) {
            samples[next] = deliveredRate;
            next = (next + 1) % WINDOW;
            weight = clamp(maxSample());
        } else if (otherFull) {
            double grown = Math.max(weight, deliveredRate) * GROWTH;
            weight = clamp((long) (sinceFull < WINDOW ? Math.min(grown, Math.max(weight, maxSample() * PROBE)) : grown));
        } else {
            weight = clamp(Math.max(weight, deliveredRate));
        }
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

    /** The path's weight: bytes per second it is taken to carry. */
    public long rate() {
        return weight;
    }

    /** Whether the latest interval found the path full (its queue standing or overflowing). */
    public boolean full() {
        return full;
    }
}
