package net.mwan3.tunnel;

/**
 * Smoothed RTT and its variation from beat timestamp echoes, with RFC 6298's gains (1/8 and 1/4). The reorder
 * bound and the aggregate weights read it. Zero until the first sample.
 */
public final class RttEstimator {
    private long srtt;
    private long rttvar;
    private long latest;

    public void sample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        latest = rttNanos;
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

    public long latest() {
        return latest;
    }

    /** Whether at least one sample came in. */
    public boolean known() {
        return srtt != 0;
    }
}
