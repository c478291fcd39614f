package net.mwan3.tunnel;

/**
 * What a {@link Scheduler} may know about the paths: an indexed, read-only view (no per-packet objects). Path
 * {@code i} is bit {@code i} of the masks schedulers return.
 */
public interface PathView {
    int count();

    boolean up(int path);

    /** Smoothed RTT in nanoseconds, 0 while unknown. */
    long srtt(int path);

    /** Estimated deliverable rate in bytes per second (see {@link RateEstimator}). */
    long rate(int path);
}
