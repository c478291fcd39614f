package net.mwan3.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Where an interface's device comes from: option device, else the network file, else its name. */
class NetworkDeviceTest {
    private static final String NETWORK = """
            config interface 'wan'
            \toption device 'eth1'
            \toption ifname 'eth9'
            \toption proto 'dhcp'
            config interface 'wanb'
            \toption ifname 'eth2 eth3'
            config interface 'wanc'
            \toption proto 'pppoe'
            config device
            \toption name 'br-lan'
            \tlist ports 'lan1'
            config interface 'lan'
            \toption device 'br-lan'
            """;

    private static ConfigResult read(String mwan3, String network) throws UciParseException {
        return Mwan3ConfigReader.read(UciParser.parse("mwan3", mwan3), ConfigLoader.schema("mwan3"),
                network == null ? null : UciParser.parse("network", network), ConfigLoader.schema("network"));
    }

    @Test
    void deviceOptionThenNetworkDeviceThenIfnameThenName() throws Exception {
        ConfigResult r = read("""
                config interface 'wan'
                config interface 'wanb'
                config interface 'wanc'
                config interface 'wand'
                config interface 'lan'
                \toption device 'eth7'
                """, NETWORK);
        assertEquals(java.util.List.of(), r.problems(), "network is a partial schema: its other options are fine");
        Mwan3Config c = r.config();
        assertEquals("eth1", c.iface("wan").orElseThrow().device(), "network 'device' wins over 'ifname'");
        assertEquals("eth2", c.iface("wanb").orElseThrow().device(), "first word of a bridge ifname list");
        assertEquals("wanc", c.iface("wanc").orElseThrow().device(), "network section without a device");
        assertEquals("wand", c.iface("wand").orElseThrow().device(), "not in the network file");
        assertEquals("eth7", c.iface("lan").orElseThrow().device(), "mwan3 option device wins");
    }

    @Test
    void withoutNetworkFileTheNameIsTheDevice() throws Exception {
        assertEquals("wan", read("config interface 'wan'\n", null).config().iface("wan").orElseThrow().device());
    }

    @Test
    void networkFileProblemsAreReported() throws Exception {
        ConfigResult r = read("config interface 'wan'\n", "config interface 'wan'\n\toption device 'eth0'\nstray words\n");
        assertFalse(r.hasErrors());
        assertEquals(1, r.problems().size());
        assertEquals("network", r.problems().get(0).file());
        assertEquals(3, r.problems().get(0).line());
    }
}
