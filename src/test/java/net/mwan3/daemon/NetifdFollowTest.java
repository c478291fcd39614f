package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.mwan3.json.Json;
import net.mwan3.json.JsonObject;
import net.mwan3.json.JsonValue;
import net.mwan3.model.NetifdInterface;
import net.mwan3.ubus.UbusObject;
import net.mwan3.ubus.wire.UbusStatus;

/**
 * netifd as the source of "up" (its view over ubus, or hotplug events when ubus is not followed)
 * and the ubus object answering from the snapshot, on the strict fake kernel.
 */
class NetifdFollowTest {
    @TempDir
    Path tmp;

    private static NetifdInterface up(String name, String device, long uptime) {
        return new NetifdInterface(name, true, device, uptime, List.of(), List.of(), List.of("198.51.100.1"));
    }

    private static NetifdInterface down(String name) {
        return new NetifdInterface(name, false, null, 0, List.of(), List.of(), List.of());
    }

    private static boolean routed(DaemonHarness h, String device) {
        return h.kernel.dump().contains("iif " + device);
    }

    @Test
    void netifdsIfdownTakesTheInterfaceOutAlthoughItsDeviceKeepsAddressAndCarrier() throws Exception {
        try (DaemonHarness h = new DaemonHarness(DaemonTest.TWO_WANS)) {
            Path marker = tmp.resolve(Main.NETIFD_MARKER);
            h.daemon.netifd.marker = marker;
            h.await("started", () -> routed(h, "eth2"));
            h.onMain(() -> {
                h.daemon.followNetifd(Map.of("wan", up("wan", "eth1", 300), "wanb", up("wanb", "eth2", 60)));
                return null;
            });
            assertTrue(Files.exists(marker), "the hotplug hook stands aside while netifd is followed");
            h.onMain(() -> {
                h.daemon.followNetifd(Map.of("wan", up("wan", "eth1", 301), "wanb", down("wanb")));
                return null;
            });
            h.await("wanb out", () -> !routed(h, "eth2"));
            assertTrue(h.carrier.get("eth2"), "the device still has carrier and its address");
            assertTrue(h.events.contains("wanb ifdown"), h.events.toString());
            assertTrue(h.request("interfaces").contains(" interface wanb is offline"));
            String json = h.request("status", "--json", "interfaces", "wan");
            assertTrue(json.matches("(?s).*\"uptime\" : 30[12],.*"), "netifd's uptime: " + json);

            h.onMain(() -> {
                h.daemon.netifdLost();
                return null;
            });
            assertFalse(Files.exists(marker), "ubus gone: hotplug.d forwards again");
            assertFalse(routed(h, "eth2"), "netifd's last word stays until it speaks again");
        }
    }

    @Test
    void withoutUbusTheHotplugEventIsActedOn() {
        try (DaemonHarness h = new DaemonHarness(DaemonTest.TWO_WANS)) {
            h.await("started", () -> routed(h, "eth2"));
            assertEquals("0:", h.request("hotplug", "ifdown", "wanb"));
            h.await("wanb out on the event itself, not on a re-read of the kernel", () -> !routed(h, "eth2"));
            assertEquals("0:", h.request("hotplug", "ifup", "wanb", "eth2"));
            h.await("wanb back", () -> routed(h, "eth2"));
            assertEquals("0:", h.request("hotplug", "ifdown", "nosuch"), "an interface mwan3 does not know is ignored");
            assertTrue(h.request("hotplug", "ifdown").startsWith("2:"));
            assertTrue(h.request("hotplug", "ifup", "wanb", "eth2\" accept #").startsWith("1:"), "a hostile device is refused");
            assertTrue(routed(h, "eth2"), "and changes nothing");
        }
    }

    @Test
    void whileNetifdIsFollowedHotplugCannotOverruleIt() {
        try (DaemonHarness h = new DaemonHarness(DaemonTest.TWO_WANS)) {
            h.await("started", () -> routed(h, "eth2"));
            h.onMain(() -> {
                h.daemon.followNetifd(Map.of("wan", up("wan", "eth1", 5), "wanb", up("wanb", "eth2", 5)));
                return null;
            });
            assertEquals("0:", h.request("hotplug", "ifdown", "wanb"));
            h.onMain(() -> null);
            assertTrue(routed(h, "eth2"), "netifd says up: a stale hotplug event changes nothing");
        }
    }

    @Test
    void netifdBringingAnInterfaceUpEndsAManualIfdown() {
        try (DaemonHarness h = new DaemonHarness(DaemonTest.TWO_WANS)) {
            h.await("started", () -> routed(h, "eth2"));
            h.onMain(() -> {
                h.daemon.followNetifd(Map.of("wan", up("wan", "eth1", 5), "wanb", up("wanb", "eth2", 5)));
                return null;
            });
            assertEquals("0:", h.request("ifdown", "wanb"));
            h.await("manual ifdown", () -> !routed(h, "eth2"));
            h.onMain(() -> {
                h.daemon.followNetifd(Map.of("wan", up("wan", "eth1", 6), "wanb", up("wanb", "eth2", 6)));
                return null;
            });
            h.onMain(() -> null);
            assertFalse(routed(h, "eth2"), "netifd unchanged: the manual ifdown holds");
            h.onMain(() -> {
                h.daemon.followNetifd(Map.of("wan", up("wan", "eth1", 7), "wanb", down("wanb")));
                h.daemon.followNetifd(Map.of("wan", up("wan", "eth1", 8), "wanb", up("wanb", "eth2", 0)));
                return null;
            });
            h.await("netifd's ifup ends it, as mwan3's hotplug ifup does", () -> routed(h, "eth2"));
        }
    }

    @Test
    void netifdUpNeedsTheLayer3DeviceToExist() {
        try (DaemonHarness h = new DaemonHarness(DaemonTest.TWO_WANS)) {
            h.await("started", () -> routed(h, "eth2"));
            h.onMain(() -> {
                h.daemon.followNetifd(Map.of("wan", up("wan", "eth1", 5), "wanb", up("wanb", "pppoe-wanb", 5)));
                return null;
            });
            h.await("wanb's layer-3 device is not there yet", () -> !routed(h, "eth2") && !routed(h, "pppoe-wanb"));
        }
    }

    @Test
    void theUbusObjectAnswersFromTheSnapshotWithTheCliJson() throws Exception {
        try (DaemonHarness h = new DaemonHarness(DaemonTest.TWO_WANS)) {
            h.await("status published", () -> h.daemon.status().policies().values().stream()
                    .anyMatch(l -> !l.isEmpty() && !l.get(0).members().isEmpty()));
            StatusObject o = new StatusObject(h.daemon::status);
            assertEquals("status", o.methods().get(0).name());
            JsonObject args = new JsonObject().put("section", "policies");
            UbusObject.Answer a = o.call("status", args);
            assertEquals(UbusStatus.OK, a.status());
            String cli = h.request("status", "--json", "policies");
            assertEquals("0:" + Json.writePretty(a.data()) + "\n", cli);
            assertEquals(List.of("interfaces", "connected", "policies"),
                    List.copyOf(iterable(o.call("status", args.put("section", "bogus")).data())));
            JsonObject one = o.call("status", new JsonObject().put("interface", "wanb")).data();
            assertEquals(List.of("wanb"), List.copyOf(iterable(one.get("interfaces"))));
            assertEquals(List.of("interfaces", "connected", "policies"),
                    List.copyOf(iterable(o.call("status", new JsonObject().put("section", 7)).data())),
                    "a section that is not a string counts as none");
            assertEquals(UbusStatus.METHOD_NOT_FOUND, o.call("nosuch", args).status());
        }
    }

    private static List<String> iterable(JsonValue n) {
        return List.copyOf(n.members().keySet());
    }
}
