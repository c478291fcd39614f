package net.mwan3.tunnel;

/**
 * One client path's side of the handshake, every decision and none of the I/O: IDLE → HELLO sent → RESPONSE
 * sent → established. A HELLO goes when the path is idle, when the last one went unanswered for
 * {@code retryNanos}, and when an established path fell silent (the server may have restarted or lost our NAT
 * mapping: the address must be proven again). Only a CHALLENGE naming the nonce of our outstanding HELLO is
 * answered (a recorded one names an old nonce); its RESPONSE proposes the session those nonces derive, which
 * becomes the client's session only if the server then uses it. Any authentic datagram of the client's current
 * session on the path establishes it. Pure, event loop thread only (the state is volatile for status).
 */
public final class ClientHandshake {
    /** Where the path stands. */
    public enum State { IDLE, HELLO_SENT, RESPONDED, ESTABLISHED }

    private final long retryNanos;
    private volatile State state = State.IDLE;
    private final byte[] clientNonce = new byte[WireFormat.NONCE];
    private RelayKeys.SessionKeys proposed;
    private long at;

    public ClientHandshake(long retryNanos) {
        this.retryNanos = retryNanos;
    }

    /** Whether to send a HELLO at {@code now}; {@code silent}: nothing authentic came on the path lately. */
    public boolean helloDue(long now, boolean silent) {
        return switch (state) {
            case IDLE -> true;
            case ESTABLISHED -> silent && now - at >= retryNanos;
            default -> now - at >= retryNanos;
        };
    }

    /** A HELLO with client nonce {@code nonce} left at {@code now}; an earlier proposal is void. */
    public void helloSent(byte[] nonce, long now) {
        System.arraycopy(nonce, 0, clientNonce, 0, WireFormat.NONCE);
        proposed = null;
        state = State.HELLO_SENT;
        at = now;
    }

    /** The nonce of the outstanding HELLO (for the RESPONSE). */
    public byte[] clientNonce() {
        return clientNonce.clone();
    }

    /** Whether an authentic CHALLENGE naming {@code nonce} answers our outstanding HELLO. */
    public boolean answers(byte[] nonce) {
        return state == State.HELLO_SENT && DatagramMac.same(nonce, clientNonce);
    }

    /** The RESPONSE left at {@code now}, proposing {@code session}. */
    public void responded(RelayKeys.SessionKeys session, long now) {
        proposed = session;
        state = State.RESPONDED;
        at = now;
    }

    /** The session our RESPONSE proposed, if it is {@code id} and still outstanding; else null. */
    public RelayKeys.SessionKeys proposal(long id) {
        RelayKeys.SessionKeys p = proposed;
        return state == State.RESPONDED && p != null && p.id() == id ? p : null;
    }

    /** An authentic datagram of the current session came on the path: the server holds it. */
    public void established() {
        state = State.ESTABLISHED;
        proposed = null;
    }

    /** The client moved to another session: a path established in the old one must shake hands again. */
    public void sessionReplaced() {
        if (state == State.ESTABLISHED) {
            state = State.IDLE;
        }
    }

    public State state() {
        return state;
    }

    public boolean isEstablished() {
        return state == State.ESTABLISHED;
    }
}
