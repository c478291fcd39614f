package net.mwan3.tunnel;

/**
 * Per-packet split over the up paths, weighted by each path's learned share (MUD's lesson: weights must follow
 * what the path really delivers, or unequal links collapse to N × the slowest; see {@link RateEstimator}). It is
 * weighted fair queueing in time: each path has a virtual clock that advances by {@code bytes / weight} per packet
 * sent on it and never lags more than {@link #LAG_NANOS} behind now; the path with the earliest clock gets the
 * packet. So under load the shares follow the weights, and at light load the heaviest path carries everything
 * (no reordering for a trickle). Nothing is held back: the links' own queues, not the tunnel, are the bottleneck
 * the inner TCP probes, as it would without the tunnel.
 *
 * <p>A path's weight is its share, cut down in proportion when its RTT exceeds the best path's by more than
 * {@link #RTT_SLACK_NANOS}: its packets would only wait in the far end's reorder buffer.
 */
public final class AggregateScheduler implements Scheduler {
    static final long RTT_SLACK_NANOS = 20_000_000L;
    static final long LAG_NANOS = 1_000_000L;
    private final long[] virtual = new long[WireFormat.MAX_PATHS];

    @Override
    public long select(PathView paths, int bytes, long now) {
        long up = Scheduler.upMask(paths);
        if (up == 0) {
            return paths.count() == 0 ? 0 : 1L;
        }
        long minRtt = Long.MAX_VALUE;
        for (int i = 0; i < paths.count(); i++) {
            if ((up & (1L << i)) != 0 && paths.srtt(i) > 0) {
                minRtt = Math.min(minRtt, paths.srtt(i));
            }
        }
        int best = -1;
        double bestWeight = 0;
        for (int i = 0; i < paths.count(); i++) {
            if ((up & (1L << i)) == 0) {
                continue;
            }
            virtual[i] = Math.max(virtual[i], now - LAG_NANOS);
            double w = weight(paths, i, minRtt);
            if (best < 0 || virtual[i] < virtual[best] || (virtual[i] == virtual[best] && w > bestWeight)) {
                best = i;
                bestWeight = w;
            }
        }
        virtual[best] += (long) (bytes * 1e9 / bestWeight);
        return 1L << best;
    }

    static double weight(PathView paths, int i, long minRtt) {
        double rate = Math.max(1, paths.rate(i));
        long rtt = paths.srtt(i);
        if (minRtt == Long.MAX_VALUE || rtt <= minRtt + RTT_SLACK_NANOS) {
            return rate;
        }
        return rate * (minRtt + RTT_SLACK_NANOS) / rtt;
    }
}
