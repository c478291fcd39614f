package net.mwan3.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProbeTallyTest {

    @Test
    void averagesAnsweredAttemptsOnly() {
        ProbeTally t = new ProbeTally();
        t.add(Outcome.replied(2_000_000));
        t.add(Outcome.lost("timeout"));
        t.add(Outcome.replied(4_000_000));
        ProbeResult r = t.result();
        assertEquals(new ProbeResult(3, 2, 3000, null), r);
        assertEquals(33, r.lossPercent());
        assertEquals(3, r.avgRttMillis());
    }

    @Test
    void nothingSentIsAnErrorWithTheFirstReason() {
        ProbeTally t = new ProbeTally();
        t.add(Outcome.notSent("SO_MARK 0x100: Operation not permitted"));
        t.add(Outcome.notSent("other"));
        assertEquals(ProbeResult.failed(2, "SO_MARK 0x100: Operation not permitted"), t.result());
    }

    @Test
    void partlySentReportsLossNotError() {
        ProbeTally t = new ProbeTally();
        t.add(Outcome.notSent("Network is unreachable"));
        t.add(Outcome.lost("timeout"));
        assertEquals(new ProbeResult(2, 0, -1, null), t.result());
    }
}
