package net.mwan3.config;

import static net.mwan3.config.ConfigAssertions.accepted;
import static net.mwan3.config.ConfigAssertions.assertProblem;
import static net.mwan3.config.ConfigAssertions.load;
import static net.mwan3.config.ConfigAssertions.only;
import static net.mwan3.config.ConfigAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The tunnel section (extension). */
class TunnelReaderTest {
    private static final String IFACES = "config interface 'wan'\nconfig interface 'wanb'\n";
    private static final String KEY = "\toption key '0123456789abcdef0123'\n";

    @Test
    void clientTunnel() {
        TunnelConfig t = accepted(IFACES + "config tunnel 'mp0'\n\toption role 'client'\n" + KEY
                + "\tlist path 'wan'\n\tlist path 'wanb'\n\tlist peer '203.0.113.1:7000'\n\tlist peer '[2001:db8::1]:7000'\n"
                + "\toption address '10.99.0.2/30'\n").tunnels().get(0);
        assertEquals("mp0", t.name());
        assertEquals(TunnelRole.CLIENT, t.role());
        assertEquals(TunnelMode.REDUNDANT, t.mode());
        assertEquals(List.of("wan", "wanb"), t.paths());
        assertEquals(List.of("203.0.113.1:7000", "[2001:db8::1]:7000"), t.peers());
        assertEquals(1400, t.mtu());
        assertEquals("mp0", t.device(), "device defaults to the section name");
        assertEquals("10.99.0.2/30", t.address());
        assertTrue(t.encryption(), "encrypted unless said otherwise");
        assertFalse(t.toString().contains("0123456789abcdef"), "the key is never printed");
    }

    @Test
    void serverTunnel() {
        TunnelConfig t = accepted("config tunnel 'srv'\n\toption role 'server'\n" + KEY
                + "\toption listen '0.0.0.0:7000'\n\toption mode 'aggregate'\n\toption mtu '1300'\n"
                + "\toption device 'tun-srv'\n\toption encryption '0'\n").tunnels().get(0);
        assertEquals(TunnelMode.AGGREGATE, t.mode());
        assertFalse(t.encryption());
        assertEquals("0.0.0.0:7000", t.listen());
        assertEquals(1300, t.mtu());
        assertEquals("tun-srv", t.device());
    }

    @Test
    void validationErrors() {
        assertProblem(refused("config tunnel\n\toption role 'server'\n" + KEY + "\toption listen '0.0.0.0:1'\n",
                "needs a name"), Severity.ERROR, "tunnel @tunnel[0]", null, 1);
        assertEquals("role", refused("config tunnel 't'\n" + KEY, "required option missing").option());
        assertEquals("key", refused("config tunnel 't'\n\toption role 'server'\n\toption listen '0.0.0.0:1'\n",
                "required option missing").option());
        assertEquals("path", refused(IFACES + "config tunnel 't'\n\toption role 'client'\n" + KEY
                + "\tlist peer '203.0.113.1:7000'\n", "at least one 'path' and one 'peer'").option());
        assertEquals("peer", refused(IFACES + "config tunnel 't'\n\toption role 'client'\n" + KEY
                + "\tlist path 'wan'\n", "at least one 'path' and one 'peer'").option());
        assertEquals("listen", refused("config tunnel 't'\n\toption role 'server'\n" + KEY, "needs 'listen'").option());
        assertEquals("path", refused(IFACES + "config tunnel 't'\n\toption role 'client'\n" + KEY
                + "\tlist path 'wanx'\n\tlist peer '203.0.113.1:7000'\n", "refers to interface 'wanx'").option());
        assertEquals("device", refused("config tunnel 'a_very_long_tunnel'\n\toption role 'server'\n" + KEY
                + "\toption listen '0.0.0.0:1'\n", "longer than Linux's 15 characters").option());
        ConfigResult badRole = load("config tunnel 't'\n\toption role 'peer'\n" + KEY);
        assertTrue(badRole.hasErrors());
        only(badRole, Severity.ERROR, "expected one of client, server");
        refused("config tunnel 't'\n\toption role 'server'\n" + KEY + "\toption listen 'nowhere'\n", "expected host:port");
        refused("config tunnel 't'\n\toption role 'server'\n" + KEY + "\toption listen '0.0.0.0:1'\n"
                + "\toption address '10.99.0.1'\n", "expected address/prefix");
    }

    @Test
    void shortKeyWarns() {
        ConfigResult r = load("config tunnel 't'\n\toption role 'server'\n\toption key 'short'\n\toption listen '0.0.0.0:1'\n");
        assertProblem(only(r, Severity.WARNING, "key shorter than 16"), Severity.WARNING, "tunnel 't'", "key", 3);
        assertEquals(1, r.config().tunnels().size());
    }
}
