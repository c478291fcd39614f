package net.mwan3.tunnel;

/**
 * First-copy-wins filter over the 64-bit global sequence numbers (authenticated before they get here): a bitmap of the last {@link #SIZE} numbers
 * (WireGuard's sliding window, 8 times larger than its 8128 because redundant paths with different queues skew by
 * 300 ms × 100 k packets/s = 30 k packets) plus a time bound: a number in a 64-bit block that the highest number
 * last reached or moved within more than {@code maxAgeNanos} ago is refused as too old even if its bit is clear,
 * so a copy held for seconds on a bufferbloated path is never delivered as new. "Moved within", not "entered":
 * at interactive rates a block spans seconds, and a packet overtaken by a few milliseconds after a pause in the
 * middle of its block must stay new (and the late copy of one a duplicate, not too old). Sequence numbers are 64-bit and never wrap in a
 * session's life. Fixed arrays, no allocation; not thread-safe.
 */
public final class DedupWindow {
    public static final int SIZE = 1 << 16;
    private static final int WORDS = SIZE / 64;

    /** What {@link #accept} decided. */
    public enum Verdict { NEW, DUPLICATE, TOO_OLD }

    private final long maxAgeNanos;
    private final long[] bits = new long[WORDS];
    private final long[] wordBorn = new long[WORDS];
    private boolean empty = true;
    private long top;

    public DedupWindow(long maxAgeNanos) {
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Forgets everything (the peer restarted: a new session starts its numbers anew). */
    public void reset() {
        empty = true;
        java.util.Arrays.fill(bits, 0);
    }

    /** Records {@code seq} seen at {@code now}; NEW the first time, DUPLICATE after, TOO_OLD outside the window. */
    public Verdict accept(long seq, long now) {
        if (empty) {
            empty = false;
            top = seq;
            java.util.Arrays.fill(bits, 0);
            wordBorn[word(top)] = now;
            return mark(top);
        }
        long s = seq;
        if (s > top) {
            advance(s, now);
            return mark(s);
        }
        if (top - s >= SIZE - 64 || now - wordBorn[word(s)] > maxAgeNanos) {
            return Verdict.TOO_OLD;
        }
        return mark(s);
    }

    /**
     * Whether {@link #accept} would call {@code seq} a DUPLICATE now (its first copy was taken); changes nothing.
     * Lets a receiver skip decrypting a copy it will drop.
     */
    public boolean seen(long seq) {
        if (empty) {
            return false;
        }
        long s = seq;
        return s <= top && top - s < SIZE - 64 && (bits[word(s)] & 1L << (s & 63)) != 0;
    }

    private void advance(long s, long now) {
        long fromWord = top >>> 6;
        long toWord = s >>> 6;
        long clear = Math.min(toWord - fromWord, WORDS);
        for (long w = 1; w <= clear; w++) {
            int i = (int) ((fromWord + w) & (WORDS - 1));
            bits[i] = 0;
            wordBorn[i] = now;
        }
        wordBorn[word(s)] = now;
        top = s;
    }

    private Verdict mark(long s) {
        int w = word(s);
        long bit = 1L << (s & 63);
        if ((bits[w] & bit) != 0) {
            return Verdict.DUPLICATE;
        }
        bits[w] |= bit;
        return Verdict.NEW;
    }

    private static int word(long s) {
        return (int) ((s >>> 6) & (WORDS - 1));
    }
}
