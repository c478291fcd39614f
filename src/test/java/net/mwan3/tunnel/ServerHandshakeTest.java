package net.mwan3.tunnel;

import static net.mwan3.tunnel.ServerHandshake.Outcome.JOIN;
import static net.mwan3.tunnel.ServerHandshake.Outcome.NEW_SESSION;
import static net.mwan3.tunnel.ServerHandshake.Outcome.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.Test;

/** The server's handshake decisions, as an attacker with recordings and no key would probe them. */
class ServerHandshakeTest {
    private static final BiPredicate<byte[], byte[]> SAME = Arrays::equals;
    private static final byte[] CLIENT_A = {2, 0, 1, 1, 10, 0, 0, 1};
    private static final byte[] CLIENT_B = {2, 0, 1, 2, 10, 0, 0, 2};
    private static final byte[] ATTACKER = {2, 0, 9, 9, 10, 0, 0, 66};

    private static byte[] nonce(int b) {
        byte[] n = new byte[16];
        n[0] = (byte) b;
        return n;
    }

    @Test
    void aRunsPathsJoinItsSessionAndARestartedClientMakesANewOne() {
        ServerHandshake s = new ServerHandshake(0);
        assertTrue(s.hello(100));
        s.challenged(0, CLIENT_A, nonce(1), nonce(2), 0);
        assertTrue(s.hello(101));
        s.challenged(1, CLIENT_B, nonce(3), nonce(4), 0);
        assertEquals(NEW_SESSION, s.response(0, CLIENT_A, nonce(1), nonce(2), 7, 1, SAME));
        assertEquals(JOIN, s.response(1, CLIENT_B, nonce(3), nonce(4), 7, 1, SAME), "the same run's second path");
        assertTrue(s.hello(200));
        s.challenged(0, CLIENT_A, nonce(5), nonce(6), 2);
        assertEquals(NEW_SESSION, s.response(0, CLIENT_A, nonce(5), nonce(6), 8, 3, SAME), "a new run: restarted");
    }

    @Test
    void replaysEarnNothing() {
        ServerHandshake s = new ServerHandshake(0);
        assertTrue(s.hello(100));
        s.challenged(0, CLIENT_A, nonce(1), nonce(2), 0);
        assertFalse(s.hello(100), "the recorded HELLO again, from anywhere: no CHALLENGE");
        assertEquals(STALE, s.response(0, ATTACKER, nonce(1), nonce(2), 7, 1, SAME),
                "the client's RESPONSE replayed from another address before the client's own");
        assertEquals(NEW_SESSION, s.response(0, CLIENT_A, nonce(1), nonce(2), 7, 1, SAME));
        assertEquals(STALE, s.response(0, CLIENT_A, nonce(1), nonce(2), 7, 2, SAME), "a challenge is used once");
        assertEquals(STALE, s.response(0, CLIENT_A, nonce(1), nonce(9), 7, 2, SAME), "a guessed server nonce");
        assertTrue(s.hello(101));
        s.challenged(0, CLIENT_A, nonce(3), nonce(4), 10);
        assertEquals(STALE, s.response(0, CLIENT_A, nonce(3), nonce(4), 7, 10 + ChallengeTable.TTL_NANOS + 1, SAME),
                "too late");
    }

    @Test
    void aRestartedServerRefusesEveryRecordedHello() {
        ServerHandshake first = new ServerHandshake(0);
        for (long stamp = 1000; stamp < 1010; stamp++) {
            assertTrue(first.hello(stamp));
        }
        ServerHandshake restarted = new ServerHandshake(first.highestStamp());
        for (long stamp = 900; stamp < 1010; stamp++) {
            assertFalse(restarted.hello(stamp), "recorded stamp " + stamp);
        }
        assertTrue(restarted.hello(1010), "the client's next stamp");
    }
}
