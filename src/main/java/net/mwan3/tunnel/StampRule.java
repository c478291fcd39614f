package net.mwan3.tunnel;

/**
 * The client's HELLO stamp: {@code max(last + 1, wall-clock microseconds)}, with {@code last} persisted in the
 * state dir. So stamps strictly increase over the client's life, across restarts (the persisted last) and across
 * a lost state dir as long as the clock is not behind the last stamp (the wall clock); the clock is only a floor,
 * never what makes a HELLO fresh (the server's nonce does that). Pure.
 */
public final class StampRule {
    private StampRule() {
    }

    /** The next stamp after {@code last} at wall-clock {@code wallMicros}. */
    public static long next(long last, long wallMicros) {
        long bumped = last + 1;
        if (bumped == 0) {
            throw new IllegalStateException("HELLO stamps exhausted"); // 2^64 HELLOs: never in practice
        }
        return Long.compareUnsigned(wallMicros, bumped) > 0 ? wallMicros : bumped;
    }
}
