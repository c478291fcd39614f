package net.mwan3.tunnel;

import java.util.function.BiPredicate;

/**
 * The server's side of the path handshake, every decision and none of the I/O: which HELLO earns a CHALLENGE
 * (an authentic one whose stamp is new, see {@link HelloStamps}), and what a RESPONSE does: nothing unless it
 * answers a live challenge from the same address and path ({@link ChallengeTable}); then the path joins the
 * session when the RESPONSE comes from the session's client run, and otherwise (the first contact, or a client
 * restart, which is a new run) it makes a new session that replaces the old one and all its paths. The caller
 * checks the MACs before and acts on the outcome after. Pure, not thread-safe.
 */
public final class ServerHandshake {
    /** What a RESPONSE did. */
    public enum Outcome {
        /** It answers no live challenge of ours (a replay, or too late): ignore it, send nothing. */
        STALE,
        /** From the current session's client run: the path joins (or moves to this address). */
        JOIN,
        /** A new client run: a new session from this handshake's nonces; every earlier path is gone. */
        NEW_SESSION
    }

    private final HelloStamps stamps;
    private final ChallengeTable challenges = new ChallengeTable();
    private boolean session;
    private long run;

    /** {@code highestStamp}: what the state dir kept of the last process (0: none). */
    public ServerHandshake(long highestStamp) {
        this.stamps = HelloStamps.restored(highestStamp);
    }

    /**
     * An authentic HELLO with {@code stamp}: whether to answer it (then persist {@link #highestStamp} before
     * sending, and {@link #challenged} what was sent).
     */
    public boolean hello(long stamp) {
        return stamps.take(stamp);
    }

    /** The highest stamp taken: to persist before a CHALLENGE leaves. */
    public long highestStamp() {
        return stamps.highest();
    }

    /** A CHALLENGE with server nonce {@code sn} went to {@code from} on {@code path} at {@code now}. */
    public void challenged(int path, byte[] from, byte[] cn, byte[] sn, long now) {
        challenges.put(path, from, cn, sn, now);
    }

    /** An authentic RESPONSE of client run {@code clientRun}; see {@link Outcome}. */
    public Outcome response(int path, byte[] from, byte[] cn, byte[] sn, long clientRun, long now,
                            BiPredicate<byte[], byte[]> sameAddress) {
        if (!challenges.consume(path, from, cn, sn, now, sameAddress)) {
            return Outcome.STALE;
        }
        if (session && clientRun == run) {
            return Outcome.JOIN;
        }
        session = true;
        run = clientRun;
        return Outcome.NEW_SESSION;
    }
}
