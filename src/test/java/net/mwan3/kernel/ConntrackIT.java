package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.mwan3.lab.Netns;
import net.mwan3.lab.NetnsThread;
import net.mwan3.testing.NetnsSupport;

/**
 * Conntrack deletion by mark over ctnetlink against the kernel's table in a namespace, entries made
 * and listed by conntrack-tools: exactly the entries whose mark matches under the mask go, in both
 * families, whatever their bits outside the mask; the count is what was deleted.
 */
class ConntrackIT {
    private Netns lab;
    private String ns;

    @BeforeEach
    void namespace() {
        NetnsSupport.assumeAvailable();
        lab = new Netns("ct");
        ns = lab.add("r");
    }

    @AfterEach
    void remove() {
        if (lab != null) {
            lab.close();
        }
    }

    private void entry(String src, String dst, int sport, String mark) {
        lab.exec(ns, "conntrack", "-I", "-s", src, "-d", dst, "-p", "udp", "--sport", Integer.toString(sport),
                "--dport", "53", "--timeout", "600", "--mark", mark);
    }

    private List<String> marks() {
        CommandResult r = lab.run(ns, "conntrack", "-L", "-f", "ipv4");
        CommandResult r6 = lab.run(ns, "conntrack", "-L", "-f", "ipv6");
        return (r.stdout() + r6.stdout()).lines().map(l -> l.replaceAll(".* mark=(\\d+).*", "$1") + " "
                + l.replaceAll("^.*?sport=(\\d+).*$", "$1")).sorted().toList();
    }

    @Test
    void deletesExactlyTheEntriesOfOneMarkInBothFamilies() {
        entry("192.0.2.1", "192.0.2.2", 1001, "0x100");
        entry("192.0.2.1", "192.0.2.2", 1002, "0x4100"); // bits outside the mask: still wan 1
        entry("2001:db8::1", "2001:db8::2", 1003, "0x100");
        entry("192.0.2.1", "192.0.2.2", 1004, "0x200");
        entry("192.0.2.1", "192.0.2.2", 1005, "0x1100"); // another value under the mask
        entry("2001:db8::1", "2001:db8::2", 1006, "0x0");
        assertEquals(6, marks().size(), "the entries were made: " + marks());

        try (Conntrack ct = NetnsThread.call(ns, Conntrack::open)) {
            assertEquals(3, ct.deleteByMark(0x100, 0x3f00));
            assertEquals(List.of("0 1006", "4352 1005", "512 1004"), marks());
            assertEquals(0, ct.deleteByMark(0x100, 0x3f00), "nothing left of that mark");
        }
    }
}
