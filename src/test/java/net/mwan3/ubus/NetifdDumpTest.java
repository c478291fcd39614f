package net.mwan3.ubus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.mwan3.json.Json;
import net.mwan3.model.NetifdInterface;

/** netifd's dump is input from a socket: a name or address mwan3 would not accept is dropped, never used. */
class NetifdDumpTest {

    @Test
    void aHostileDeviceIsNoDeviceAndOnlyAddressLiteralsAreKept() throws Exception {
        String dump = """
                {"interface": [
                  {"interface": "wan", "up": true, "l3_device": "eth1", "uptime": 5,
                   "ipv4-address": [{"address": "198.51.100.2", "mask": 24}],
                   "route": [{"target": "0.0.0.0", "mask": 0, "nexthop": "198.51.100.1"}]},
                  {"interface": "wanb", "up": true, "l3_device": "x\\" accept #", "uptime": 5,
                   "ipv4-address": [{"address": "attacker.example", "mask": 24}, {"address": "$(reboot)"}],
                   "ipv6-address": [{"address": "2001:db8::2", "mask": 64}],
                   "route": [{"target": "0.0.0.0", "mask": 0, "nexthop": "evil.example"}]}
                ]}""";
        Map<String, NetifdInterface> view = NetifdWatch.parse(Json.parse(dump));
        NetifdInterface wan = view.get("wan");
        assertEquals("eth1", wan.l3Device());
        assertEquals(List.of("198.51.100.2"), wan.ipv4());
        assertEquals(List.of("198.51.100.1"), wan.gateways());
        NetifdInterface wanb = view.get("wanb");
        assertNull(wanb.l3Device());
        assertEquals(List.of(), wanb.ipv4());
        assertEquals(List.of("2001:db8::2"), wanb.ipv6());
        assertEquals(List.of(), wanb.gateways());
    }
}
