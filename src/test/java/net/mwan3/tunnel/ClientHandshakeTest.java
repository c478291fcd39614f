package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A client path's handshake decisions. */
class ClientHandshakeTest {
    private static final long MS = 1_000_000L;
    private final RelayKeys keys = RelayKeys.fromBase64(RelayKeysTest.KEY);
    private final ClientHandshake h = new ClientHandshake(250 * MS);

    private static byte[] nonce(int b) {
        byte[] n = new byte[16];
        n[0] = (byte) b;
        return n;
    }

    @Test
    void helloChallengeResponseThenEstablished() {
        assertTrue(h.helloDue(0, false), "an idle path says HELLO at once");
        h.helloSent(nonce(1), 0);
        assertFalse(h.helloDue(100 * MS, true), "not before the retry time");
        assertTrue(h.helloDue(250 * MS, true), "an unanswered HELLO is retried");
        assertFalse(h.answers(nonce(2)), "a CHALLENGE for another HELLO (a recording)");
        assertTrue(h.answers(nonce(1)));
        RelayKeys.SessionKeys s = keys.session(nonce(1), nonce(9));
        h.responded(s, 10 * MS);
        assertFalse(h.answers(nonce(1)), "the same CHALLENGE twice is not answered twice");
        assertSame(s, h.proposal(s.id()));
        assertNull(h.proposal(s.id() + 1), "another session id is no proposal of ours");
        h.established();
        assertEquals(ClientHandshake.State.ESTABLISHED, h.state());
        assertNull(h.proposal(s.id()), "once established nothing is pending");
        assertFalse(h.helloDue(20 * MS, false), "established and heard: beats, no HELLO");
        assertTrue(h.helloDue(400 * MS, true), "established but silent: prove the address again");
    }

    @Test
    void anewHelloVoidsTheOldProposalAndAReplacedSessionStartsOver() {
        h.helloSent(nonce(1), 0);
        RelayKeys.SessionKeys s = keys.session(nonce(1), nonce(9));
        h.responded(s, 0);
        h.helloSent(nonce(3), 300 * MS);
        assertNull(h.proposal(s.id()), "a retried HELLO voids the proposal of the one before");
        assertFalse(h.answers(nonce(1)));
        h.established();
        h.sessionReplaced();
        assertEquals(ClientHandshake.State.IDLE, h.state());
        assertTrue(h.helloDue(300 * MS, false));
    }
}
