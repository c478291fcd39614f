package net.mwan3.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** src_iface resolves like an interface: mwan3 interface, network file, then a device of that name. */
    @Test
    void srcIfaceResolvesThroughTheSameDevices() throws Exception {
        String mwan3 = """
                config interface 'wan'
                \toption device 'eth7'
                config member 'm'
                \toption interface 'wan'
                config policy 'p'
                \tlist use_member 'm'
                config rule 'from_wan'
                \toption src_iface 'wan'
                \toption use_policy 'p'
                config rule 'from_lan'
                \toption src_iface 'lan'
                \toption use_policy 'p'
                config rule 'from_dev'
                \toption src_iface 'eth5.10'
                \toption use_policy 'p'
                """;
        Mwan3Config c = read(mwan3, NETWORK).config();
        assertEquals(java.util.List.of("eth7", "br-lan", "eth5.10"),
                c.rules().stream().map(Rule::srcDevice).toList());
        assertEquals("lan", c.rules().get(1).srcIface(), "the name stays what the user wrote");
    }

    @Test
    void srcIfaceThatResolvesToNoDeviceIsALocatedError() throws Exception {
        ConfigResult r = read("""
                config interface 'wan'
                config member 'm'
                \toption interface 'wan'
                config policy 'p'
                \tlist use_member 'm'
                config rule 'r'
                \toption use_policy 'p'
                \toption src_iface 'guest_network_lan'
                """, NETWORK);
        assertEquals(null, r.config());
        ConfigProblem p = r.errors().get(0);
        assertEquals(1, r.errors().size(), r.errors().toString());
        assertEquals("mwan3:8:2: error: rule 'r', option 'src_iface': 'guest_network_lan' resolves to no device: it is"
                + " not an mwan3 interface or an interface of the network file with a device, and is too long for a"
                + " Linux device name", p.toString());
    }

    @Test
    void aNetworkDeviceIsCheckedWhereItIsUsedOnly() throws Exception {
        String network = "config interface 'wan'\n\toption device 'eth1;x'\nconfig interface 'alias'\n"
                + "\toption device '@wan'\n";
        assertFalse(read("config interface 'other'\n", network).hasErrors(), "netifd's own values are its business");
        ConfigResult r = read("config interface 'wan'\n", network);
        assertEquals("network:2:2: error: interface 'wan', option 'device': invalid value 'eth1;x' for the device of"
                + " interface 'wan': expected a Linux interface name: 1 to 15 letters, digits, '.', '_' or '-' (not"
                + " '.' or '..')", r.errors().get(0).toString());
    }

    @Test
    void anInterfaceWhoseNameCannotBeADeviceWarns() throws Exception {
        ConfigResult r = read("config interface 'wan_backup_lte_1'\n\toption enabled '1'\n", null);
        assertFalse(r.hasErrors());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).message().contains("too long for a Linux device name"), r.problems()::toString);
    }
}
