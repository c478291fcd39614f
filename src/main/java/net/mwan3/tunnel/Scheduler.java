package net.mwan3.tunnel;

import net.mwan3.config.TunnelMode;

/**
 * Chooses the paths for the next data packet. Implementations are per tunnel and called from the one sending
 * thread; they keep their own small state (the failover choice, the aggregate credits) and allocate nothing.
 */
public interface Scheduler {
    /** Bit mask of the paths to send a packet of {@code bytes} on at {@code now}; 0 when there are no paths. */
    long select(PathView paths, int bytes, long now);

    static Scheduler of(TunnelMode mode) {
        return switch (mode) {
            case REDUNDANT -> new RedundantScheduler();
            case FAILOVER -> new FailoverScheduler();
            case AGGREGATE -> new AggregateScheduler();
        };
    }

    /** All paths, for the start and for the moment every path is down: better to try them all than none. */
    static long all(PathView paths) {
        int n = paths.count();
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    /** The up paths. */
    static long upMask(PathView paths) {
        long m = 0;
        for (int i = 0; i < paths.count(); i++) {
            if (paths.up(i)) {
                m |= 1L << i;
            }
        }
        return m;
    }
}
