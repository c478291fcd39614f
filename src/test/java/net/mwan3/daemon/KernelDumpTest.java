package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.mwan3.kernel.CommandResult;
import net.mwan3.kernel.CommandRunner;
import net.mwan3.kernel.Nft;
import net.mwan3.model.MarkMask;

class KernelDumpTest {
    @TempDir
    Path tmp;

    @Test
    void mwan3sLayoutWithTablesFromOneListingAndConntrackByMark() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        Map<String, String> outputs = Map.of(
                "ip -4 route show table all", "default via 198.18.1.1 dev eth1 table 1 metric 10\n"
                        + "198.18.1.0/24 dev eth1 table 1 scope link\ndefault via 198.18.2.1 dev eth2 table 2 metric 20\n"
                        + "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1\n"
                        + "default via 10.0.0.1 dev eth9 table 300\n",
                "ip -4 rule show", "1001:\tfrom all iif eth1 lookup 1\n",
                "conntrack -L -f ipv4", "tcp 6 431999 ESTABLISHED src=10.0.0.2 dst=203.0.113.9 mark=256 use=1\n"
                        + "udp 17 29 src=10.0.0.2 dst=203.0.113.9 mark=16640 use=1\n"
                        + "udp 17 29 src=10.0.0.3 dst=203.0.113.9 mark=0 use=1\n"
                        + "udp 17 29 src=10.0.0.4 dst=203.0.113.9 mark=15872 use=1\n");
        CommandRunner runner = (argv, stdin) -> {
            calls.add(argv);
            String out = outputs.get(String.join(" ", argv));
            return new CommandResult(argv, out == null ? 1 : 0, out == null ? "" : out, "");
        };
        KernelDump dump = new KernelDump(runner, Nft.binary(runner), Files.writeString(tmp.resolve("openwrt_release"), "DISTRIB_ID='OpenWrt'\nDISTRIB_RELEASE='24.10.0'\n"));
        Map<Long, String> marks = new LinkedHashMap<>();
        marks.put(0x100L, "wan");
        marks.put(0x200L, "wanb");
        String text = dump.render("ipv4", new KernelDump.View("netifd: followed over ubus\n", MarkMask.DEFAULT, marks));
        String dash = "-".repeat(49);
        assertTrue(text.startsWith("Software-Version\n" + dash + "\nOpenWrt - 24.10.0\n"), text);
        assertTrue(text.contains("Output of \"ip -4 rule show\"\n" + dash + "\n1001:\tfrom all iif eth1 lookup 1\n\n"), text);
        assertTrue(text.contains("Output of \"ip -4 route list table 1-250\"\n" + dash + "\nRouting table 1:\n"
                + "default via 198.18.1.1 dev eth1 metric 10\n198.18.1.0/24 dev eth1 scope link\n\nRouting table 2:\n"
                + "default via 198.18.2.1 dev eth2 metric 20\n\n\n"), text);
        assertTrue(!text.contains("eth9") && !text.contains("table local"), "only tables 1-250: " + text);
        assertTrue(text.contains("Output of \"nft list table inet mwan3\"\n" + dash + "\nNo data found\n"), text);
        assertTrue(text.contains("by interface mark (mask 0x3f00)\n" + dash
                + "\nwan (mark 0x100): 2\nwanb (mark 0x200): 0\nunmarked: 1\nother marks: 1\n"), text);
        assertTrue(text.endsWith("mwan3d's view\n" + dash + "\nnetifd: followed over ubus\n\n"), text);
        assertEquals(1, calls.stream().filter(c -> c.contains("route")).filter(c -> c.contains("all")).count(),
                "one route listing, not 250: " + calls);
    }
}
