package net.mwan3.tunnel;

/**
 * Per-packet split over the up paths, weighted by each path's estimated deliverable rate (MUD's lesson: weights
 * must follow what the path really delivers, or unequal links collapse to N × the slowest). It is weighted fair
 * queueing in time: each path has a virtual clock that advances by {@code bytes / weight} per packet sent on it
 * and never lags more than {@link #LAG_NANOS} behind now; the path with the earliest clock gets the packet. So
 * under load the shares follow the weights, at light load the fastest path carries everything, and {@link #aheadNanos()} tells the sender how
 * far the chosen path is booked ahead, which it uses to pace instead of filling a modem queue.
 *
 * <p>The small lag is what a sleeping sender may make up for: a paced sender waits between packets and on a
 * busy machine wakes up late, and a clock that snapped to now would lose that time for good (at 100 Mbit/s a
 * 100 µs oversleep per millisecond is 10 % of the link). Anything idle longer is not saved up as a burst.
 *
 * <p>A path's weight is its rate, cut down in proportion when its RTT exceeds the best path's by more than
 * {@link #RTT_SLACK_NANOS}: its packets would only wait in the far end's reorder buffer.
 */
public final class AggregateScheduler implements Scheduler {
    static final long RTT_SLACK_NANOS = 20_000_000L;
    static final long LAG_NANOS = 1_000_000L;
    private final long[] virtual = new long[WireFormat.MAX_PATHS];
    private long ahead;

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
        ahead = Math.max(0, virtual[best] - now);
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

    /** How far ahead of now the path chosen last was already booked; the sender pauses when this grows. */
    public long aheadNanos() {
        return ahead;
    }
}
