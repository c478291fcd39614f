package net.mwan3.tunnel;

/**
 * Loss of what we send on one path, from the peer's beats: each beat reports how many of our datagrams the peer
 * found missing from the path's sequence numbers so far (64-bit), we know how many we sent, and the loss
 * is their ratio over the last {@link #WINDOW} reports (about a second at 100 ms beats). A report that claims more
 * lost than was sent (the peer restarted and counts anew) starts the window over. Pure, allocation-free.
 */
public final class LossMeter {
    static final int WINDOW = 10;
    private final long[] sent = new long[WINDOW + 1];
    private final long[] lost = new long[WINDOW + 1];
    private int reports;
    private long lastRaw;
    private long lostTotal;

    /** One beat: {@code sentTotal} datagrams sent by us so far, {@code lostRaw} the peer's count so far. */
    public void onReport(long sentTotal, long lostRaw) {
        long step = lostRaw - lastRaw;
        lastRaw = lostRaw;
        if (reports > 0 && (step < 0 || step > sentTotal - sent[(reports - 1) % sent.length])) {
            reports = 0;
        }
        lostTotal = reports == 0 ? 0 : lostTotal + step;
        sent[reports % sent.length] = sentTotal;
        lost[reports % lost.length] = lostTotal;
        reports++;
    }

    /** Fraction lost over the window, 0..1; -1 until two reports with traffic between them came. */
    public double loss() {
        if (reports < 2) {
            return -1;
        }
        int newest = (reports - 1) % sent.length;
        int oldest = Math.max(0, reports - sent.length) % sent.length;
        long s = sent[newest] - sent[oldest];
        if (s <= 0) {
            return -1;
        }
        return Math.min(1, (double) (lost[newest] - lost[oldest]) / s);
    }
}
