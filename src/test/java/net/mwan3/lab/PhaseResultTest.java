package net.mwan3.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The lab's measurements from recorded flows, events and UDP replies, and what its screen shows. */
class PhaseResultTest {
    private static final long MS = 1_000_000;
    private static final Phase BLACKHOLE = new Phase("blackhole wan1", Phase.Kind.BLACKHOLE, 1, 0, Duration.ofSeconds(8));
    private static final Phase RECOVER = new Phase("recover wan1", Phase.Kind.CLEAR, 1, 0, Duration.ofSeconds(7));
    private static final Phase LOSS = new Phase("30% loss wan3", Phase.Kind.LOSS, 3, 30, Duration.ofSeconds(8));

    private static Flow flow(long startMs, long tookMs, int wan) {
        return new Flow(startMs * MS, (startMs + tookMs) * MS, Topology.SERVER_PORT, wan);
    }

    @Test
    void newFlowsCountAsMovedFromTheFirstFlowAfterTheLastBadOne() {
        List<Flow> flows = List.of(flow(10, 1, 1), flow(40, 1500, 0), flow(70, 1, 2), flow(100, 900, 2),
                flow(130, 1, 2), flow(160, 1, 3));
        assertEquals(130 - 5, PhaseResult.flowsLeftMs(flows, 5 * MS, 1), "slow flow (SYN retransmitted) is bad too");
        assertEquals(-1, PhaseResult.flowsLeftMs(List.of(flow(10, 1, 2), flow(40, 1, 1)), 0, 1));
        assertEquals(-1, PhaseResult.flowsLeftMs(List.of(), 0, 1));
    }

    @Test
    void detectionComesFromTheAlertScriptsWallClockLines() {
        List<String> events = List.of("999.900000000 disconnected wan1 eth1", "1000.100000000 connected wan2 eth2",
                "1000.750000000 disconnected wan1 eth1", "1001.000000000 connected wan1 eth1");
        PhaseResult down = PhaseResult.measure(BLACKHOLE, new PhaseResult.Start(0, 1_000_000),
                List.of(flow(10, 1, 1), flow(900, 1, 2)), events,
                List.of(new UdpFlow.Reply(100 * MS, Topology.wanAddress(1)), new UdpFlow.Reply(800 * MS, "error x"),
                        new UdpFlow.Reply(820 * MS, Topology.wanAddress(3))));
        assertEquals(750, down.detectMs());
        assertEquals(900, down.flowsMs());
        assertEquals(820, down.udpMs());
        assertEquals(1, down.perWan()[1]);
        assertTrue(down.measured());
        PhaseResult up = PhaseResult.measure(RECOVER, new PhaseResult.Start(0, 1_000_800), List.of(flow(300, 1, 1)),
                events, null);
        assertEquals(200, up.detectMs());
        assertEquals(300, up.flowsMs());
    }

    @Test
    void lossThatTrackingToleratesIsReportedAsSuch() {
        PhaseResult r = PhaseResult.measure(LOSS, new PhaseResult.Start(0, 0), List.of(flow(1, 1, 3), flow(2, 1500, 0)),
                List.of(), null);
        assertTrue(r.note().startsWith("tolerated: wan3 stayed online"), r.note());
        assertTrue(r.note().contains("1 new flows made it via wan3, 1 failed"), r.note());
        String summary = LabScreen.summary(List.of(r));
        assertTrue(summary.contains("30 % random loss"), summary);
    }

    @Test
    void aDownPhaseWithoutDetectionIsNotMeasured() {
        PhaseResult r = PhaseResult.measure(BLACKHOLE, new PhaseResult.Start(0, 0), List.of(flow(1, 1, 1)), List.of(),
                List.of());
        assertFalse(r.measured());
        assertTrue(LabScreen.summary(List.of(r)).lines().anyMatch(l -> l.startsWith("blackhole wan1") && l.contains(" - ")));
    }

    @Test
    void statusJsonGivesStateRttAndProbedTargets() {
        String json = "{\"interfaces\":{\"wan1\":{\"status\":\"online\",\"up\":true,\"track_ip\":["
                + "{\"ip\":\"203.0.113.1\",\"status\":\"up\",\"latency\":4,\"packetloss\":0},"
                + "{\"ip\":\"203.0.113.2\",\"status\":\"skipped\",\"latency\":0,\"packetloss\":0}]},"
                + "\"wan2\":{\"status\":\"offline\",\"up\":true,\"track_ip\":["
                + "{\"ip\":\"203.0.113.1\",\"status\":\"down\",\"latency\":0,\"packetloss\":0}]}}}";
        List<IfaceView> rows = IfaceView.parse(json);
        assertEquals(new IfaceView("wan1", "online", true, 4.0, 0, 1, 1), rows.get(0));
        assertEquals(new IfaceView("wan2", "offline", true, -1, 0, 0, 1), rows.get(1));
        assertEquals(List.of(), IfaceView.parse("mwan3d not running"));
        LossWindow w = new LossWindow(4);
        w.add(rows);
        assertEquals(100, w.add(rows).get(1).lossPercent());
        assertEquals(0, w.add(rows).get(0).lossPercent());
    }
}
