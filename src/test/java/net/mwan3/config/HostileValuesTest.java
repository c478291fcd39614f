package net.mwan3.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import net.mwan3.testing.HostileValues;

/**
 * Every name that reaches nft, ip, a shell or a file, given every hostile value: refused with file,
 * line, section and option, whichever option carries it (the mwan3 file's own options, the network
 * file's device, a rule's src_iface and ipset, a tunnel's device).
 */
class HostileValuesTest {
    private static final String WAN = "config interface 'wan'\n\toption enabled '1'\n\toption device 'eth1'\n";
    private static final String POLICY = "config member 'm'\n\toption interface 'wan'\n"
            + "config policy 'p'\n\tlist use_member 'm'\n";
    private static final String SERVER = "config tunnel 'srv'\n\toption role 'server'\n"
            + "\toption key 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='\n"
            + "\toption private_key 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='\n"
            + "\toption peer_public_key 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='\n\toption listen '127.0.0.1:7000'\n";

    static Stream<Arguments> values() {
        return HostileValues.NAMES.stream().map(Arguments::of);
    }

    private static ConfigResult read(String mwan3, String network) throws UciParseException {
        return Mwan3ConfigReader.read(UciParser.parse("/etc/config/mwan3", mwan3), ConfigLoader.schema("mwan3"),
                network == null ? null : UciParser.parse("/etc/config/network", network),
                ConfigLoader.schema("network"));
    }

    /** The config is refused, and its one error is the one about {@code option} at {@code file:line}. */
    private static ConfigProblem refusedAt(ConfigResult r, String file, int line, String section, String option) {
        assertNull(r.config(), () -> "accepted: " + r.problems());
        List<ConfigProblem> errors = r.errors();
        assertEquals(1, errors.size(), errors::toString);
        ConfigProblem p = errors.get(0);
        assertEquals(file, p.file(), p::toString);
        assertEquals(line, p.line(), p::toString);
        assertEquals(section, p.section(), p::toString);
        assertEquals(option, p.option(), p::toString);
        assertTrue(p.toString().chars().noneMatch(c -> c < 0x20 || c == 0x7f), "printable: " + p);
        return p;
    }

    @ParameterizedTest
    @MethodSource("values")
    void asAnInterfaceDevice(String value) throws Exception {
        ConfigResult r = read("config interface 'wan'\n\toption enabled '1'\n\toption device "
                + HostileValues.uci(value) + "\n", null);
        ConfigProblem p = refusedAt(r, "/etc/config/mwan3", 3, "interface 'wan'", "device");
        assertTrue(p.message().contains("expected a Linux interface name"), p::toString);
    }

    @ParameterizedTest
    @MethodSource("values")
    void asTheNetworkFilesDevice(String value) throws Exception {
        for (String option : List.of("device", "ifname")) {
            ConfigResult r = read("config interface 'wan'\n\toption enabled '1'\n",
                    "config interface 'wan'\n\toption " + option + " " + HostileValues.uci(value) + "\n");
            // ifname is a list of words, as the shell reads it: its first word is the device.
            String device = option.equals("ifname") && !value.isBlank() ? value.trim().split("\\s+")[0] : value;
            if (value.isBlank()) {
                assertFalse(r.hasErrors(), "a blank option names no device: " + r.problems());
                assertEquals("wan", r.config().iface("wan").orElseThrow().device(), "then the name is the device");
            } else if (device.matches("[A-Za-z0-9]{1,15}")) {
                assertEquals(device, r.config().iface("wan").orElseThrow().device(), "the first word of " + value);
            } else {
                refusedAt(r, "/etc/config/network", 2, "interface 'wan'", option);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("values")
    void asARulesSrcIface(String value) throws Exception {
        ConfigResult r = read(WAN + POLICY + "config rule 'r'\n\toption use_policy 'p'\n\toption src_iface "
                + HostileValues.uci(value) + "\n", null);
        refusedAt(r, "/etc/config/mwan3", 10, "rule 'r'", "src_iface");
    }

    @ParameterizedTest
    @MethodSource("values")
    void asARulesIpset(String value) throws Exception {
        if (value.equals("abcdefghijklmnop")) {
            return; // a fine set name (the 70-character value is the too-long one here)
        }
        ConfigResult r = read(WAN + POLICY + "config rule 'r'\n\toption use_policy 'p'\n\toption ipset "
                + HostileValues.uci(value) + "\n", null);
        ConfigProblem p = refusedAt(r, "/etc/config/mwan3", 10, "rule 'r'", "ipset");
        assertTrue(p.message().contains("expected a set name"), p::toString);
    }

    /** Set names as users write them for dnsmasq (nft identifiers may hold '-' and '.') are kept as written. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"youtube", "vpn-domains", "lists.v2", "a"})
    void aSetNameAsNftWritesItIsAccepted(String value) throws Exception {
        ConfigResult r = read(WAN + POLICY + "config rule 'r'\n\toption use_policy 'p'\n\toption ipset '" + value + "'\n", null);
        assertTrue(r.errors().isEmpty(), r.problems()::toString);
        assertEquals(value, r.config().rules().get(0).ipset());
    }

    @ParameterizedTest
    @MethodSource("values")
    void asATunnelDevice(String value) throws Exception {
        ConfigResult r = read(SERVER + "\toption device " + HostileValues.uci(value) + "\n", null);
        refusedAt(r, "/etc/config/mwan3", 7, "tunnel 'srv'", "device");
    }
}
