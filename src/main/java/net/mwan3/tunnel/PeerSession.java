package net.mwan3.tunnel;

/**
 * Which of the peer's sessions we listen to. A session is the random number a peer draws at each process start;
 * every datagram carries it, and a new one means the peer restarted and its sequence numbers start anew, so the
 * de-dup and reorder windows must be reset. Switching on any authenticated datagram with a new session would let
 * a recorded datagram of an old session reset the windows (and then every replay inside them would pass as new),
 * so a session is only adopted from a <em>live</em> beat: one that echoes a beat clock we sent within
 * {@link #FRESH_MICROS}. The echo is our own monotonic clock, so this needs no clock agreement, and a recording
 * can only carry echoes as old as itself. Sessions left behind are remembered and never adopted again.
 *
 * <p>Within the adopted session a beat is only taken when its path sequence number is newer than the last beat's
 * on that path, so a replayed beat cannot feed stale RTT, rate or health. Data of a session not (yet) adopted is
 * refused; after a peer restart that lasts one beat round trip. Pure; guarded by the caller's receive lock.
 */
public final class PeerSession {
    /** How old an echo of our clock may be for a beat to count as live: far above any sane RTT. */
    public static final int FRESH_MICROS = 2_000_000;
    private static final int RETIRED = 8;

    /** What a datagram's session (and, for a beat, its freshness) means for the receiver. */
    public enum Verdict {
        /** The adopted session: use it. */
        CURRENT,
        /** A live beat of a new session, now adopted: reset the windows, then use it. */
        ADOPTED,
        /** Not (yet) the adopted session, not known to be old: refuse data, answer beats (echo their clock). */
        CANDIDATE,
        /** A session left behind, or a beat not newer than the last on its path: a replay, ignore it entirely. */
        REPLAY
    }

    private boolean known;
    private int current;
    private final int[] retired = new int[RETIRED];
    private int retiredCount;
    private final long[] lastBeatSeq = new long[WireFormat.MAX_PATHS];
    private int adoptions;

    public PeerSession() {
        java.util.Arrays.fill(lastBeatSeq, -1);
    }

    /**
     * A beat of {@code session} on {@code pathId} with path sequence {@code pathSeq}, echoing {@code echoMicros}
     * of our clock (0: the peer has not heard us yet), received when our clock reads {@code nowMicros}.
     */
    public Verdict beat(int session, int pathId, int pathSeq, int echoMicros, int nowMicros) {
        if (known && session == current) {
            long seq = pathSeq & 0xFFFFFFFFL;
            if (seq <= lastBeatSeq[pathId]) {
                return Verdict.REPLAY;
            }
            lastBeatSeq[pathId] = seq;
            return Verdict.CURRENT;
        }
        if (isRetired(session)) {
            return Verdict.REPLAY;
        }
        if (!live(echoMicros, nowMicros)) {
            return Verdict.CANDIDATE;
        }
        if (known) {
            retire(current);
        }
        known = true;
        current = session;
        adoptions++;
        java.util.Arrays.fill(lastBeatSeq, -1);
        lastBeatSeq[pathId] = pathSeq & 0xFFFFFFFFL;
        return Verdict.ADOPTED;
    }

    /** A data datagram of {@code session}: only the adopted session's data is used. */
    public Verdict data(int session) {
        if (known && session == current) {
            return Verdict.CURRENT;
        }
        return isRetired(session) ? Verdict.REPLAY : Verdict.CANDIDATE;
    }

    /** The adopted session, 0 while none is (beats carry it, so the peer knows its data is taken). */
    public int current() {
        return known ? current : 0;
    }

    /** How many sessions were adopted (1 after the first contact, +1 per peer restart). */
    public int adoptions() {
        return adoptions;
    }

    /** Whether an echo of our clock, read when it shows {@code nowMicros}, proves a beat live (0: no echo). */
    public static boolean live(int echoMicros, int nowMicros) {
        if (echoMicros == 0) {
            return false;
        }
        int age = nowMicros - echoMicros;
        return age >= 0 && age <= FRESH_MICROS;
    }

    private boolean isRetired(int session) {
        for (int i = 0; i < Math.min(retiredCount, RETIRED); i++) {
            if (retired[i] == session) {
                return true;
            }
        }
        return false;
    }

    private void retire(int session) {
        retired[retiredCount % RETIRED] = session;
        retiredCount++;
    }
}
