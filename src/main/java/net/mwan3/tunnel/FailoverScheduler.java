package net.mwan3.tunnel;

/**
 * One active path. It sticks while it is up, so a slightly better RTT elsewhere never flaps the flow; when it
 * goes down the up path with the lowest smoothed RTT (then the lowest index, i.e. config order) takes over.
 * With no path up it keeps the last choice, so the far end sees one path only.
 */
public final class FailoverScheduler implements Scheduler {
    /** Written by the sending thread only when the choice changes; status output reads it. */
    private volatile int active = -1;

    @Override
    public long select(PathView paths, int bytes, long now) {
        int n = paths.count();
        if (n == 0) {
            return 0;
        }
        if (active < 0 || active >= n || !paths.up(active)) {
            int best = best(paths);
            if (best >= 0 || active < 0 || active >= n) {
                active = Math.max(best, 0);
            }
        }
        return 1L << active;
    }

    private static int best(PathView paths) {
        int best = -1;
        for (int i = 0; i < paths.count(); i++) {
            if (paths.up(i) && (best < 0 || rttOrMax(paths, i) < rttOrMax(paths, best))) {
                best = i;
            }
        }
        return best;
    }

    private static long rttOrMax(PathView paths, int i) {
        long r = paths.srtt(i);
        return r == 0 ? Long.MAX_VALUE : r;
    }

    /** The active path (an index into the sender's path view), -1 before the first packet. */
    public int active() {
        return active;
    }
}
