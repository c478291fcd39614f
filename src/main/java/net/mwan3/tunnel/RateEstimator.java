package net.mwan3.tunnel;

/**
 * Estimates how many bytes per second a path delivers, from what we sent on it and what the peer's beats say
 * arrived, once per beat interval (MUD's rule): when the path was used and delivered less than 90 % of what
 * was sent, the rate drops to 7/8 of the delivered rate; when it delivered what was asked, it grows, doubling
 * until the first shortfall (like a slow start) and by 10 % after. A path that was barely used keeps its rate:
 * there is no evidence either way, and lowering it would starve it for good.
 */
public final class RateEstimator {
    private final long min;
    private final long max;
    private long rate;
    private boolean slowStart = true;

    public RateEstimator(long initialBytesPerSecond, long minBytesPerSecond, long maxBytesPerSecond) {
        this.rate = initialBytesPerSecond;
        this.min = minBytesPerSecond;
        this.max = maxBytesPerSecond;
    }

    /** One interval's report: {@code sent} bytes by us, {@code delivered} bytes at the peer, over {@code nanos}. */
    public void onReport(long sent, long delivered, long nanos) {
        if (nanos <= 0 || sent <= 0) {
            return;
        }
        double asked = rate * (nanos / 1e9);
        if (sent < asked / 2) {
            return;
        }
        if (delivered < sent * 0.9) {
            slowStart = false;
            rate = Math.max(min, (long) (delivered / (nanos / 1e9) * 7 / 8));
        } else {
            rate = Math.min(max, slowStart ? rate * 2 : rate + Math.max(1, rate / 10));
        }
    }

    public long rate() {
        return rate;
    }
}
