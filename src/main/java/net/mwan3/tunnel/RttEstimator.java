package net.mwan3.tunnel;

/**
 * Smoothed RTT and its variation from beat timestamp echoes, with RFC 6298's gains (1/8 and 1/4). The reorder
 * bound and the aggregate weights read it. Zero until the first sample. It also keeps the lowest sample of the
 * last {@link #MIN_WINDOW} (BBR's min RTT, about 10 s at one beat per 100 ms): a sample well above it means a
 * queue is standing on the path, i.e. the path is full.
 */
public final class RttEstimator {
    private long srtt;
    private long rttvar;
    private long latest;
    static final int MIN_WINDOW = 100;
    private long min;
    private int sinceMin;

    public void sample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        latest = rttNanos;
        if (srtt == 0 || rttNanos <= min || ++sinceMin > MIN_WINDOW) {
            min = rttNanos;
            sinceMin = 0;
        }
        if (srtt == 0) {
            srtt = rttNanos;
            rttvar = rttNanos / 2;
            return;
        }
        rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
        srtt = (7 * srtt + rttNanos) / 8;
    }

    public long srtt() {
        return srtt;
    }

    public long rttvar() {
        return rttvar;
    }

    /** The lowest sample of the last {@link #MIN_WINDOW} (the path's RTT with no queue). */
    public long min() {
        return min;
    }

    /**
     * Whether both the smoothed RTT and the latest sample sit more than {@code slackNanos} above the minimum: a
     * queue stands. Both, so that one late beat (a descheduled thread) is not taken for a queue.
     */
    public boolean queued(long slackNanos) {
        return srtt != 0 && latest - min > slackNanos && srtt - min > slackNanos;
    }

    public long latest() {
        return latest;
    }

    /** Whether at least one sample came in. */
    public boolean known() {
        return srtt != 0;
    }
}
