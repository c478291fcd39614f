package net.mwan3.ubus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.mwan3.json.JsonArray;
import net.mwan3.json.JsonObject;
import net.mwan3.testing.OpenWrtLab;
import net.mwan3.ubus.wire.Attr;
import net.mwan3.ubus.wire.BlobWriter;
import net.mwan3.ubus.wire.Bodies;
import net.mwan3.ubus.wire.Message;
import net.mwan3.ubus.wire.MsgType;

/**
 * mwan3d on a router that runs the real OpenWrt userland ({@link OpenWrtLab}): installed with
 * {@code mwan3-install --openwrt}, started by its init script, checked with the real {@code ubus}
 * client, netifd driven with {@code ubus call network.interface.NAME up|down}, LuCI's commands run
 * through rpcd's {@code file exec} with a logged-in session and our ACL, and hostile peers on the bus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenWrtIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "/var/run/mwan3/follows-netifd";
    private OpenWrtLab lab;

    @BeforeAll
    void router() throws IOException {
        lab = new OpenWrtLab(3, OpenWrtLab.mwan3Config(3,
                "config rule 'youtube'\n\toption ipset 'youtube'\n\toption family 'ipv4'\n\toption use_policy 'balanced'\n"));
        OpenWrtLab.Run install = lab.install();
        assertEquals(0, install.code(), install.out() + install.err());
        lab.startRpcd();
        lab.startDaemon();
    }

    @AfterAll
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    private JsonNode ubusStatus(String args) {
        OpenWrtLab.Run r = lab.ubus("call", "mwan3", "status", args);
        assertEquals(0, r.code(), r.err());
        return json(r.out());
    }

    private JsonNode iface(String name) {
        return ubusStatus("{\"section\":\"interfaces\",\"interface\":\"" + name + "\"}").path("interfaces").path(name);
    }

    @Test
    void allThreeSectionsAndTheFilterAreTheCliJson() throws Exception {
        assertTrue(lab.ubus("-v", "list", "mwan3").out().contains("\"status\":{\"section\":\"String\",\"interface\":\"String\"}"),
                "the signature ubus -v list shows, as for mwan3's own plugin");
        assertFalse(Files.exists(lab.path("/usr/libexec/rpcd/mwan3")), "no rpcd exec plugin");
        String[][] cases = {
            {"{}", "all"}, {"{\"section\":\"interfaces\"}", "interfaces"}, {"{\"section\":\"connected\"}", "connected"},
            {"{\"section\":\"policies\"}", "policies"}, {"{\"section\":\"bogus\"}", "all"},
            {"{\"section\":\"interfaces\",\"interface\":\"wan2\"}", "interfaces wan2"},
            {"{\"interface\":\"wan3\"}", "all wan3"},
        };
        for (String[] c : cases) {
            List<String> cli = new ArrayList<>(List.of("mwan3", "status", "--json"));
            cli.addAll(List.of(c[1].split(" ")));
            // Both render one snapshot; a tracker round may publish a new one between the two reads.
            JsonNode viaUbus = null;
            JsonNode viaCli = null;
            for (int attempt = 0; attempt < 10 && (viaUbus == null || !viaUbus.equals(viaCli)); attempt++) {
                viaUbus = ubusStatus(c[0]);
                viaCli = json(lab.run(cli.toArray(String[]::new)).orThrow().out());
            }
            assertEquals(viaCli, viaUbus, c[0]);
        }
        JsonNode all = ubusStatus("{}");
        assertEquals(List.of("interfaces", "connected", "policies"), names(all));
        assertEquals(List.of("wan1", "wan2", "wan3"), names(all.path("interfaces")));
        JsonNode wan1 = all.path("interfaces").path("wan1");
        assertTrue(wan1.path("up").isBoolean() && wan1.path("enabled").isBoolean() && wan1.path("running").isBoolean(),
                "booleans as booleans: " + wan1);
        assertEquals("active", wan1.path("tracking").asText());
        assertEquals("198.18.1.1", wan1.path("track_ip").path(0).path("ip").asText());
        JsonNode balanced = all.path("policies").path("ipv4").path("balanced");
        assertEquals(List.of(16, 33, 50), List.of(balanced.path(0).path("percent").asInt(),
                balanced.path(1).path("percent").asInt(), balanced.path(2).path("percent").asInt()),
                "weights 3:2:1 in mwan3's integer percentages (1/6 is 16): " + balanced);
        assertTrue(all.path("connected").path("ipv4").toString().contains("198.18.1.0/24"), all.path("connected").toString());
        assertEquals(List.of("wan2"), names(ubusStatus("{\"section\":\"interfaces\",\"interface\":\"wan2\"}").path("interfaces")));
        assertTrue(lab.run("mwan3d", "--help").code() == 2, "the launcher is on PATH as installed");
        assertTrue(Files.exists(lab.path(MARKER)), "the daemon follows netifd over ubus");
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void twoHundredConcurrentCallsAllAnswered() throws IOException {
        lab.sh("rm -f /var/run/c.*; for i in $(seq 200); do ubus -t 20 call mwan3 status > /var/run/c.$i 2>&1 & done; wait")
                .orThrow();
        for (int i = 1; i <= 200; i++) {
            JsonNode s = json(lab.read("/var/run/c." + i));
            assertEquals(3, s.path("interfaces").size(), "call " + i + ": " + s);
        }
    }

    @Test
    void thePrometheusCollectorsLuaCallReadsBooleansAsBooleans() {
        OpenWrtLab.Run r = lab.run(Map.of("LUA_CPATH", "/usr/lib/lua/?.so"), "lua5.1", "-e",
                "local u = require('ubus').connect() "
                        + "local s = u:call('mwan3', 'status', {section = 'interfaces'}) "
                        + "local w = s.interfaces.wan1 "
                        + "print(w.status, type(w.up), w.up and 1 or 0, w.enabled and 1 or 0, type(w.uptime))");
        assertEquals("online\tboolean\t1\t1\tnumber\n", r.out(), r.err());
    }

    @Test
    void netifdsIfdownTakesTheInterfaceOutAtOnceThoughTheDeviceKeepsItsAddress() throws Exception {
        lab.write("/var/run/hotplug.log", "");
        lab.ubus("call", "network.interface.wan2", "down").orThrow();
        // netifd removes the address and releases the device; give both back by hand so that only
        // netifd's word says "down" (as when another interface keeps the device up).
        lab.await("netifd took its address", () -> !lab.run("ip", "-o", "addr", "show", "dev", "eth2").out()
                .contains("198.18.2.2/"));
        lab.run("ip", "link", "set", "dev", "eth2", "up").orThrow();
        lab.run("ip", "addr", "add", "198.18.2.2/24", "dev", "eth2").orThrow();
        lab.run("ip", "route", "add", "default", "via", "198.18.2.1", "dev", "eth2", "metric", "20").orThrow();
        try {
            lab.await("wan2 out of mwan3", () -> !iface("wan2").path("up").asBoolean(true)
                    && !lab.run("ip", "rule").out().contains("2002:"));
            String dev = lab.run("ip", "-o", "addr", "show", "dev", "eth2").out();
            assertTrue(dev.contains("198.18.2.2/24"), "the fault took effect: the device keeps its address: " + dev);
            assertTrue(lab.run("ip", "link", "show", "eth2").out().contains("LOWER_UP"), "and its carrier");
            assertEquals("disabled", iface("wan2").path("status").asText(), "mwan3track's word after an ifdown");
            JsonNode balanced = ubusStatus("{\"section\":\"policies\"}").path("policies").path("ipv4").path("balanced");
            assertFalse(balanced.toString().contains("wan2"), balanced.toString());
            lab.await("netifd ran the hotplug hook", () -> read("/var/run/hotplug.log").contains("== ifdown wan2"));
            String hook = read("/var/run/hotplug.log");
            assertTrue(hook.contains("follows-netifd") && !hook.contains("/usr/sbin/mwan3 --state-dir"),
                    "the hook saw the marker and started no JVM:\n" + hook);
        } finally {
            lab.run("ip", "route", "del", "default", "via", "198.18.2.1", "dev", "eth2", "metric", "20");
            lab.run("ip", "addr", "del", "198.18.2.2/24", "dev", "eth2");
            lab.ubus("call", "network.interface.wan2", "up").orThrow();
        }
        lab.await("wan2 back online", () -> "online".equals(iface("wan2").path("status").asText())
                && lab.run("ip", "rule").out().contains("2002:"));
    }

    private String read(String inside) {
        try {
            return lab.read(inside);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void withoutUbusTheHotplugHookIsTheFallbackAndTheDaemonActsOnIt() throws Exception {
        lab.stopUbusd();
        try {
            lab.await("the daemon stops following netifd", () -> !Files.exists(lab.path(MARKER)));
            lab.run(Map.of("ACTION", "ifdown", "INTERFACE", "wan3"), "/sbin/hotplug-call", "iface").orThrow();
            lab.await("wan3 out on the event", () -> lab.run("mwan3", "interfaces").out().contains(" interface wan3 is disabled")
                    && !lab.run("ip", "rule").out().contains("2003:"));
            assertTrue(lab.run("ip", "-o", "addr", "show", "dev", "eth3").out().contains("198.18.3.2/24"),
                    "the device still has its address: the kernel alone would call it up");
            assertTrue(read("/var/run/hotplug.log").contains("/usr/sbin/mwan3 --state-dir /var/run/mwan3 hotplug ifdown wan3"),
                    read("/var/run/hotplug.log"));
            lab.run(Map.of("ACTION", "ifup", "INTERFACE", "wan3", "DEVICE", "eth3"), "/sbin/hotplug-call", "iface")
                    .orThrow();
            lab.await("wan3 back on the event", () -> lab.run("ip", "rule").out().contains("2003:"));
        } finally {
            lab.startUbusd();
        }
        lab.await("ubus and netifd followed again", () -> Files.exists(lab.path(MARKER))
                && lab.ubus("call", "mwan3", "status").code() == 0);
    }

    @Test
    void afterAUbusdRestartTheObjectIsBackWithinTwoSecondsAndATakenNameIsRetried() throws Exception {
        lab.stopUbusd();
        long t0 = System.nanoTime();
        lab.startUbusd();
        lab.await("mwan3 registered again", () -> lab.ubus("call", "mwan3", "status").code() == 0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds <= 2.0, "re-registered after " + seconds + " s");
        lab.await("and netifd followed again", () -> Files.exists(lab.path(MARKER)));

        // Another client holds "mwan3" when mwan3d connects (as the shell mwan3's rpcd plugin would).
        lab.stopUbusd();
        lab.startUbusd("/var/run/ubus/claim.sock");
        FakeUbusd.Peer squatter = connect("/var/run/ubus/claim.sock");
        squatter.read();
        squatter.send(Message.of(MsgType.ADD_OBJECT, 1, 0, Bodies.addObject("mwan3", List.of())));
        assertEquals(MsgType.DATA, squatter.read().type());
        assertEquals(0, squatter.read().attrs().u32(Attr.STATUS));
        lab.run("mv", "/var/run/ubus/claim.sock", "/var/run/ubus/ubus.sock").orThrow();
        lab.await("mwan3d says the name is taken", () -> lab.daemonLog().contains("cannot register object mwan3"));
        squatter.close();
        lab.await("mwan3d takes the name once it is free", () -> lab.ubus("call", "mwan3", "status").code() == 0);
        lab.await("netifd followed on the new ubusd", () -> Files.exists(lab.path(MARKER)));
        lab.ensureRpcd();
    }

    private FakeUbusd.Peer connect(String inside) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(lab.path(inside)));
        return new FakeUbusd.Peer(c);
    }

    private String luciSession() {
        JsonNode login = json(lab.ubus("call", "session", "login", "{\"username\":\"root\",\"password\":\""
                + OpenWrtLab.ROOT_PASSWORD + "\"}").orThrow().out());
        String sid = login.path("ubus_rpc_session").asText();
        assertEquals(32, sid.length(), login.toString());
        return sid;
    }

    /** What LuCI's {@code fs.exec} sends: rpcd checks the session's ACL for "COMMAND ARGS" exec. */
    private OpenWrtLab.Run exec(String sid, String command, String... params) {
        JsonObject req = new JsonObject().put("command", command).put("ubus_rpc_session", sid);
        JsonArray list = req.putArray("params");
        List.of(params).forEach(list::add);
        return lab.ubus("-t", "60", "call", "file", "exec", req.toString());
    }

    private String stdout(OpenWrtLab.Run r) {
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode res = json(r.out());
        assertEquals(0, res.path("code").asInt(-1), res.toString());
        return res.path("stdout").asText();
    }

    @Test
    void lucisPagesWorkThroughRpcdWithOurAcl() throws Exception {
        lab.ensureRpcd();
        String sid = luciSession();
        assertTrue(json(lab.ubus("call", "session", "access", "{\"ubus_rpc_session\":\"" + sid
                + "\",\"scope\":\"ubus\",\"object\":\"mwan3\",\"function\":\"status\"}").out()).path("access").asBoolean(),
                "the overview's ubus call is allowed");

        String detail = stdout(exec(sid, "/usr/sbin/mwan3", "status"));
        assertTrue(detail.startsWith("Interface status:\n interface wan1 is online"), detail);
        String troubleshooting = stdout(exec(sid, "/usr/sbin/mwan3", "internal", "ipv4"));
        for (String part : List.of("table inet mwan3", "Routing table 1:", "Output of \"ip -4 rule show\"", "2001:",
                "Connection tracking entries (ipv4) by interface mark", "wan1 (mark 0x100): ", "netifd: followed over ubus",
                " interface wan1 (id 1, mark 0x100): up, by netifd (up), device eth1, source 198.18.1.2")) {
            assertTrue(troubleshooting.contains(part), part + " in:\n" + troubleshooting);
        }
        assertTrue(stdout(exec(sid, "/usr/sbin/mwan3", "internal", "ipv6")).contains("Output of \"ip -6 rule show\""));

        String gateway = stdout(exec(sid, "/usr/libexec/luci-mwan3", "diag", "gateway", "wan1"));
        assertTrue(gateway.contains("5 packets transmitted, 5 received"), gateway);
        String tracking = stdout(exec(sid, "/usr/libexec/luci-mwan3", "diag", "tracking", "wan2"));
        assertTrue(tracking.contains("198.18.2.1") && tracking.contains(" 0% packet loss"), tracking);
        assertTrue(stdout(exec(sid, "/usr/libexec/luci-mwan3", "diag", "rules", "wan2"))
                .startsWith("All required IP rules for interface \"wan2\" found\n2002:"));
        assertTrue(stdout(exec(sid, "/usr/libexec/luci-mwan3", "diag", "routes", "wan3"))
                .startsWith("Routing table \"3\" for interface \"wan3\" found\ndefault via 198.18.3.1 dev eth3"));
        assertEquals("youtube\n", stdout(exec(sid, "/usr/libexec/luci-mwan3", "ipset", "dump")),
                "the sets rules use, named as the rules name them");

        stdout(exec(sid, "/usr/sbin/mwan3", "ifdown", "wan3"));
        lab.await("wan3 out", () -> !lab.run("ip", "rule").out().contains("2003:"));
        stdout(exec(sid, "/usr/sbin/mwan3", "ifup", "wan3"));
        lab.await("wan3 back", () -> lab.run("ip", "rule").out().contains("2003:"));

        OpenWrtLab.Run denied = exec(sid, "/usr/sbin/mwan3", "stop");
        assertTrue(denied.code() != 0 && denied.err().contains("Permission denied"), denied.err() + denied.out());
        assertTrue(lab.ubus("call", "mwan3", "status").code() == 0, "and the daemon still runs");
    }

    @Test
    void hostilePeersOnTheBusGetErrorsAndOthersKeepTheirAnswers() throws Exception {
        FakeUbusd.Peer h = connect("/var/run/ubus/ubus.sock");
        assertEquals(MsgType.HELLO, h.read().type());
        h.send(Message.of(MsgType.LOOKUP, 1, 0, Bodies.lookup("mwan3")));
        int id = h.read().attrs().u32(Attr.OBJID);
        h.read();

        BlobWriter w = new BlobWriter().u32(Attr.OBJID, id).string(Attr.METHOD, "status");
        int d = w.nest(Attr.DATA);
        w.u32(Attr.OBJID, 7);
        w.end(d);
        h.send(Message.of(MsgType.INVOKE, 2, 0, w.toBytes()));
        assertEquals(2, statusOf(h, 2), "arguments that are not blobmsg: INVALID_ARGUMENT");

        BlobWriter deep = new BlobWriter().u32(Attr.OBJID, id).string(Attr.METHOD, "status");
        int dd = deep.nest(Attr.DATA);
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            open.add(deep.table("x"));
        }
        for (Iterator<Integer> it = reversed(open).iterator(); it.hasNext();) {
            deep.end(it.next());
        }
        deep.end(dd);
        h.send(Message.of(MsgType.INVOKE, 3, 0, deep.toBytes()));
        assertEquals(2, statusOf(h, 3), "1,000 levels of nesting: INVALID_ARGUMENT, no stack overflow");

        JsonObject big = new JsonObject().put("section", "interfaces").put("pad", "x".repeat(1_000_000));
        h.send(Message.of(MsgType.INVOKE, 4, 0, Bodies.invoke(id, "status", big)));
        Message answer = h.read();
        assertEquals(MsgType.DATA, answer.type(), "a 1 MB argument is read and ignored: " + answer);
        assertEquals(0, statusOf(h, 4));

        for (int i = 0; i < 3000; i++) {
            h.send(Message.of(MsgType.INVOKE, (5 + i) & 0xffff, 0, Bodies.invoke(id, "status",
                    new JsonObject())));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(3, ubusStatus("{\"section\":\"interfaces\"}").path("interfaces").size(),
                    "answered while a peer that never reads has 3,000 calls in");
        }
        assertEquals(0, lab.run("mwan3", "interfaces").code(), "the control socket answers too");
        h.close();
        assertEquals(3, ubusStatus("{}").path("interfaces").size());
    }

    private static <T> List<T> reversed(List<T> l) {
        List<T> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    /** Reads replies up to the STATUS of request {@code seq}; returns its code. */
    private static int statusOf(FakeUbusd.Peer h, int seq) throws IOException {
        while (true) {
            Message m = h.read();
            if (m.type() == MsgType.STATUS && m.seq() == seq) {
                return m.attrs().u32(Attr.STATUS);
            }
        }
    }
}
