package net.mwan3.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProbeValuesTest {

    @Test
    void echoesAreSpreadOverTheFirstHalfOfTheTimeout() {
        ProbeTarget t = ProbeTarget.of("192.0.2.1").withCount(4).withTimeout(Duration.ofSeconds(2));
        assertEquals(Duration.ofMillis(250), t.spacing());
        assertEquals(Duration.ZERO, t.withCount(1).spacing());
    }

    @Test
    void targetRejectsNonsense() {
        ProbeTarget t = ProbeTarget.of("192.0.2.1");
        assertThrows(IllegalArgumentException.class, () -> t.withCount(0));
        assertThrows(IllegalArgumentException.class, () -> t.withTtl(0));
        assertThrows(IllegalArgumentException.class, () -> t.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ProbeResult(1, 2, -1, null));
    }

    @Test
    void lossAndSuccessRules() {
        ProbeResult partial = new ProbeResult(4, 1, 1500, null);
        assertEquals(75, partial.lossPercent());
        assertTrue(partial.anyReplied());
        assertFalse(partial.allReplied());
        assertEquals(1, partial.avgRttMillis());
        ProbeResult failed = ProbeResult.failed(0, "no socket");
        assertEquals(100, failed.lossPercent());
        assertFalse(failed.anyReplied());
        assertEquals(-1, failed.avgRttMillis());
    }

    @Test
    void connectFailuresAreClassified() {
        assertEquals(ConnectFailure.REFUSED,
                ConnectFailure.classify(new ConnectException("connect(..) failed: Connection refused: /192.0.2.1:81")));
        assertEquals(ConnectFailure.LOCAL,
                ConnectFailure.classify(new ConnectException("connect(..) failed: Network is unreachable")));
        assertEquals(ConnectFailure.LOCAL,
                ConnectFailure.classify(new ConnectException("bind(..) failed: Cannot assign requested address")));
        assertEquals(ConnectFailure.LOST,
                ConnectFailure.classify(new ConnectException("connect(..) failed: No route to host")));
        assertEquals(ConnectFailure.LOST, ConnectFailure.classify(new ConnectException()));
    }

    @Test
    void literalsAreRecognisedWithoutLookup() throws Exception {
        assertTrue(TargetResolver.isLiteral("198.51.100.1"));
        assertTrue(TargetResolver.isLiteral("2001:db8::1"));
        assertFalse(TargetResolver.isLiteral("www.google.com"));
        assertFalse(TargetResolver.isLiteral("1.2.3"));
        assertFalse(TargetResolver.isLiteral("1.2.3.4x"));
        assertEquals("2001:db8:0:0:0:0:0:1",
                TargetResolver.resolve("2001:db8::1", null, Runnable::run).get().getHostAddress());
    }

    @Test
    void familyMismatchFailsResolution() {
        var f = TargetResolver.resolve("198.51.100.1", net.mwan3.model.Family.IPV6, Runnable::run);
        assertTrue(f.isCompletedExceptionally());
    }
}
