package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.mwan3.lab.LabRouter;
import net.mwan3.lab.Topology;
import net.mwan3.testing.NamespaceLab;

/**
 * The first seconds of a real mwan3d: {@code mwan3 interfaces} never says online before that
 * interface's rules and table {@code inet mwan3} exist, and a rule whose {@code src_iface} names a
 * network-file interface ({@code lan}, device lan0) is in the table and in {@code mwan3 rules}.
 */
class StartIT {
    private static NamespaceLab lab;
    private static Topology topo;

    static final String CONFIG = OwnershipIT.config(2, "0x3F00")
            + "config rule 'from_lan'\n\toption src_iface 'lan'\n\toption proto 'udp'\n\toption use_policy 'balanced'\n";

    @BeforeAll
    static void network() throws IOException {
        lab = NamespaceLab.open("sta", 2);
        topo = lab.topology();
    }

    @AfterAll
    static void teardown() throws IOException {
        if (lab != null) {
            lab.close();
        }
    }

    private static boolean applied(int id) {
        return topo.netns().run(topo.router(), "nft", "list", "table", "inet", "mwan3").ok()
                && !topo.netns().exec(topo.router(), "ip", "rule", "show", "pref", Integer.toString(2000 + id)).isBlank()
                && !topo.netns().exec(topo.router(), "ip", "rule", "show", "pref", Integer.toString(1000 + id)).isBlank();
    }

    @Test
    void onlineOnlyOnceAppliedAndSrcIfaceFromTheNetworkFile() throws IOException {
        Path dir = lab.newDir("run");
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/network"), "config interface 'lan'\n\toption device 'lan0'\n");
        try (LabRouter router = new LabRouter(topo, CONFIG, dir)) {
            int polls = 0;
            boolean[] seen = new boolean[3];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((!seen[1] || !seen[2]) && System.nanoTime() < deadline) {
                String status = router.status("interfaces"); // first the status, then the kernel
                polls++;
                for (int id = 1; id <= 2; id++) {
                    if (status.contains("interface wan" + id + " is online")) {
                        assertTrue(applied(id), "status said wan" + id + " online before its rules existed:\n" + status);
                        seen[id] = true;
                    }
                }
            }
            assertTrue(seen[1] && seen[2], "both came online; polled " + polls + " times\n" + router.log());
            System.out.println("polled mwan3 interfaces " + polls + " times until both WANs were online");

            String rules = topo.netns().exec(topo.router(), "nft", "list", "chain", "inet", "mwan3", "mwan3_rules");
            assertTrue(rules.contains("iifname \"lan0\"") && rules.contains("comment \"from_lan\""), rules);
            String listed = router.status("rules");
            assertTrue(listed.contains("from_lan"), listed);
        }
    }
}
