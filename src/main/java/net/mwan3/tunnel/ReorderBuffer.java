package net.mwan3.tunnel;

/**
 * Puts de-duplicated data packets of the aggregate mode back in global order, bounded in time: a packet in
 * order is delivered at once (with any held run behind it); a packet after a gap is held until the gap fills
 * or the oldest held packet has waited {@code bound} (MLVPN's 2.2 × (srtt + 4 rttvar) skew, decided by the
 * caller), then the gap is given up. A packet from a given-up gap still arrives late: it is delivered at once
 * and counted, since a late packet costs TCP less than a lost one. The slots are allocated once; a packet
 * further ahead than the slots reach forces the oldest held packets out. Not thread-safe.
 */
public final class ReorderBuffer {
    /** Receives packets in the order they are released. */
    @FunctionalInterface
    public interface Sink {
        void deliver(byte[] buf, int offset, int length);
    }

    private final Sink sink;
    private final int mask;
    private final byte[][] slot;
    private final int[] length;
    private final long[] seqAt;
    private final long[] heldSince;
    private boolean started;
    private long next;
    private int held;
    private long late;
    private long skipped;

    public ReorderBuffer(int slots, int slotBytes, Sink sink) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.sink = sink;
        this.mask = slots - 1;
        this.slot = new byte[slots][slotBytes];
        this.length = new int[slots];
        this.seqAt = new long[slots];
        this.heldSince = new long[slots];
        java.util.Arrays.fill(seqAt, -1);
    }

    /** Offers data packet {@code seq} received at {@code now}; it is copied if held. */
    public void offer(int seq, byte[] buf, int offset, int len, long now) {
        if (!started) {
            started = true;
            next = seq & 0xFFFFFFFFL;
        }
        long s = next + (seq - (int) next);
        if (s < next) {
            late++;
            sink.deliver(buf, offset, len);
            return;
        }
        while (s - next > mask && held > 0) {
            skipToOldestHeld();
        }
        if (s - next > mask) {
            skipped += s - next;
            next = s;
        }
        if (s == next) {
            sink.deliver(buf, offset, len);
            next++;
            drain();
            return;
        }
        int i = (int) (s & mask);
        if (seqAt[i] == s) {
            return;
        }
        System.arraycopy(buf, offset, slot[i], 0, len);
        length[i] = len;
        seqAt[i] = s;
        heldSince[i] = now;
        held++;
    }

    /** Gives up gaps whose first held packet has waited longer than {@code boundNanos}. */
    public void expire(long now, long boundNanos) {
        while (held > 0) {
            int i = firstHeld();
            if (now - heldSince[i] <= boundNanos) {
                return;
            }
            skipToOldestHeld();
        }
    }

    /** Forgets everything held (the peer restarted). */
    public void reset() {
        java.util.Arrays.fill(seqAt, -1);
        held = 0;
        started = false;
    }

    private void skipToOldestHeld() {
        long target = seqAt[firstHeld()];
        skipped += target - next;
        next = target;
        drain();
    }

    private int firstHeld() {
        for (long s = next; ; s++) {
            int i = (int) (s & mask);
            if (seqAt[i] == s) {
                return i;
            }
        }
    }

    private void drain() {
        for (int i = (int) (next & mask); seqAt[i] == next; i = (int) (next & mask)) {
            seqAt[i] = -1;
            held--;
            sink.deliver(slot[i], 0, length[i]);
            next++;
        }
    }

    /** Packets held now. */
    public int held() {
        return held;
    }

    /** Packets that arrived after their gap had been given up. */
    public long late() {
        return late;
    }

    /** Sequence numbers given up (lost, or later counted as late). */
    public long skipped() {
        return skipped;
    }
}
