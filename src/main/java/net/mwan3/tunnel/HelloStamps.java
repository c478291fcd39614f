package net.mwan3.tunnel;

/**
 * The server's replay filter for HELLO stamps. A client stamps each HELLO with a 64-bit number strictly
 * increasing over its whole life (see {@link StampRule}); the server takes a stamp only if it is above
 * {@code highest - 64} and not yet in the 64-wide bitmap below the highest (WireGuard's counter window, RFC 6479),
 * so HELLOs of several paths may arrive slightly out of order but none is taken twice. The highest stamp is what
 * the server persists: restored with {@link #restored} after a restart, the bitmap is unknown, so only stamps
 * above it pass and a recording of any earlier HELLO is refused. 64-bit: it never wraps. Pure, not thread-safe.
 */
public final class HelloStamps {
    public static final int WINDOW = 64;
    private long highest;
    /** Bit i: stamp {@code highest - i} was taken. */
    private long seen;

    /** A filter that has taken nothing: every stamp above 0 passes once. */
    public HelloStamps() {
        this(0);
    }

    private HelloStamps(long highest) {
        this.highest = highest;
        this.seen = -1L; // after a restart the window below the persisted highest counts as taken
    }

    /** After a restart: only stamps above the persisted {@code highest} pass. */
    public static HelloStamps restored(long highest) {
        return new HelloStamps(highest);
    }

    /** Takes {@code stamp} if it is new; false for a replay or a stamp too old. Stamps are unsigned 64-bit. */
    public boolean take(long stamp) {
        if (Long.compareUnsigned(stamp, highest) > 0) {
            long shift = stamp - highest;
            seen = shift >= WINDOW ? 1L : seen << shift | 1L;
            highest = stamp;
            return true;
        }
        long back = highest - stamp;
        if (Long.compareUnsigned(back, WINDOW) >= 0 || (seen & 1L << back) != 0) {
            return false;
        }
        seen |= 1L << back;
        return true;
    }

    /** The highest stamp taken (or restored): what to persist. */
    public long highest() {
        return highest;
    }
}
