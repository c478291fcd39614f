package net.mwan3.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The ubus {@code mwan3 status} shape: keys, their order, types and correct percentages. */
class JsonRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void interfaceKeysInMwan3sOrder() throws Exception {
        JsonNode wan = JSON.readTree(JsonRenderer.status(TextRendererTest.sample(), null, null))
                .path("interfaces").path("wan");
        List<String> keys = new ArrayList<>();
        wan.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("age", "online", "offline", "uptime", "score", "lost", "turn", "status", "enabled",
                "running", "tracking", "up", "track_ip"), keys);
        assertTrue(wan.path("age").isIntegralNumber() && wan.path("enabled").isBoolean());
        assertEquals("1.0.0.1", wan.path("track_ip").get(0).path("ip").asText());
        assertEquals(12, wan.path("track_ip").get(0).path("latency").asInt());
    }

    @Test
    void percentagesAreIntegersAndLastResortPoliciesArePresent() throws Exception {
        JsonNode p = JSON.readTree(JsonRenderer.status(TextRendererTest.sample(), "policies", null)).path("policies");
        assertEquals(50, p.path("ipv4").path("balanced").get(2).path("percent").asInt());
        assertEquals(16, p.path("ipv4").path("balanced").get(0).path("percent").asInt());
        assertTrue(p.path("ipv4").path("wan_only").isArray() && p.path("ipv4").path("wan_only").isEmpty());
        assertTrue(p.path("ipv6").has("balanced"));
    }

    @Test
    void sectionAndInterfaceFilters() throws Exception {
        JsonNode only = JSON.readTree(JsonRenderer.status(TextRendererTest.sample(), "interfaces", "wanb"));
        assertFalse(only.has("policies") || only.has("connected"));
        assertEquals(List.of("wanb"), iterable(only.path("interfaces")));
        JsonNode connected = JSON.readTree(JsonRenderer.status(TextRendererTest.sample(), "connected", null));
        assertEquals("224.0.0.0/3", connected.path("connected").path("ipv4").get(2).asText());
    }

    private static List<String> iterable(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
