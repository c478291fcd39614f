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
    static final String B64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String KEY = "\toption key '" + B64 + "'\n\toption private_key '" + B64
            + "'\n\toption peer_public_key '" + B64 + "'\n";

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
        assertEquals(TunnelConfig.MTU_IPV6, t.mtu(), "an IPv6 peer: what fits a 1500-byte IPv6 path");
        assertEquals(7001, t.localPort(), "the relay port + 1");
        assertFalse(t.external());
        assertEquals("mp0", t.device(), "device defaults to the section name");
        assertEquals("10.99.0.2/30", t.address());
        assertFalse(t.toString().contains(B64), "the keys are never printed");
    }

    @Test
    void serverTunnel() {
        TunnelConfig t = accepted("config tunnel 'srv'\n\toption role 'server'\n" + KEY
                + "\toption listen '0.0.0.0:7000'\n\toption mode 'aggregate'\n\toption mtu '1300'\n"
                + "\toption device 'tun-srv'\n").tunnels().get(0);
        assertEquals(TunnelMode.AGGREGATE, t.mode());
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
    void keysMustBe32BytesOfBase64WithTheirPlace() {
        String server = "config tunnel 't'\n\toption role 'server'\n\toption listen '0.0.0.0:7000'\n"
                + "\toption private_key '" + B64 + "'\n\toption peer_public_key '" + B64 + "'\n";
        assertProblem(refused(server + "\toption key 'short'\n", "not base64"), Severity.ERROR, "tunnel 't'", "key", 6);
        assertProblem(refused(server + "\toption key 'c2hvcnQ='\n", "decodes to 5 bytes, not 32"), Severity.ERROR,
                "tunnel 't'", "key", 6);
        assertEquals("private_key", refused("config tunnel 't'\n\toption role 'server'\n\toption listen '0.0.0.0:1'\n"
                + "\toption key '" + B64 + "'\n\toption peer_public_key '" + B64 + "'\n",
                "required unless 'wireguard'").option());
    }

    @Test
    void externalWireguardOnlyRelays() {
        TunnelConfig t = accepted("config tunnel 't'\n\toption role 'server'\n\toption listen '0.0.0.0:7000'\n"
                + "\toption key '" + B64 + "'\n\toption wireguard 'wg0'\n\toption local_port '51900'\n").tunnels().get(0);
        assertTrue(t.external());
        assertEquals("wg0", t.device());
        assertEquals(51900, t.localPort());
        assertEquals("address", refused("config tunnel 't'\n\toption role 'server'\n\toption listen '0.0.0.0:7000'\n"
                + "\toption key '" + B64 + "'\n\toption wireguard 'wg0'\n\toption address '10.0.0.1/30'\n",
                "managed elsewhere").option());
    }
}
