package net.mwan3.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TrafficStatusRenderTest {

    private static StatusSnapshot with(TrafficStatus t) {
        IfaceStatus i = new IfaceStatus("wan", true, "online", "active", "online", 83, 0, 300, 1, 10, 0, 9, true,
                List.of(), 0, t);
        return new StatusSnapshot(List.of(i), Map.of(), Map.of(), Map.of(), List.of());
    }

    @Test
    void textKeepsMwan3sLineAndAddsTheReasonOnlyWhileSuspected() {
        TrafficStatus quiet = new TrafficStatus(true, false, null, "cleared: no reply to 3 packet(s) in 1.0 s", 1, 0, 1);
        assertEquals("Interface status:\n interface wan is online and tracking is active (online 00h:01m:23s,"
                + " uptime 00h:05m:00s)\n\n", TextRenderer.interfaces(with(quiet)));
        TrafficStatus suspected = new TrafficStatus(true, true, "no reply to 37 packet(s) in 0.5 s", null, 1, 0, 0);
        assertTrue(TextRenderer.interfaces(with(suspected)).contains("uptime 00h:05m:00s), suspected: no reply to 37"
                + " packet(s) in 0.5 s\n"));
    }

    @Test
    void jsonAddsTrafficDetectionAfterMwan3sFieldsForWatchedInterfacesOnly() {
        TrafficStatus t = new TrafficStatus(true, false, null, "confirmed: no reply to 9 packet(s) in 1.0 s", 2, 1, 1);
        String json = JsonRenderer.status(with(t), "interfaces", null);
        assertTrue(json.contains("\"traffic_detection\" : {\n        \"suspected\" : false,\n        \"reason\" : null,\n"
                + "        \"last_burst\" : \"confirmed: no reply to 9 packet(s) in 1.0 s\",\n"
                + "        \"bursts_started\" : 2,\n        \"bursts_confirmed\" : 1,\n        \"bursts_cleared\" : 1\n"),
                json);
        assertTrue(json.indexOf("track_ip") < json.indexOf("traffic_detection"));
        assertFalse(JsonRenderer.status(with(TrafficStatus.OFF), "interfaces", null).contains("traffic_detection"));
    }
}
