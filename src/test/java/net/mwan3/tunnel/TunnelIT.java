package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.mwan3.testing.NetnsSupport;

/**
 * The relay end to end between two namespaces over two paths, wireguard-go at both ends (see {@link TunnelLab}).
 * Functional only: traffic crosses in each mode, a cut path is survived, a kill -9 of either end recovers, the
 * tunnel loses its carrier when every path dies. Timing and throughput figures are the benchmarks' (TunnelBench).
 */
class TunnelIT {

    @Test
    void redundantIsHitlessWhenOnePathIsCutAndIgnoresGarbage() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "ping through the tunnel");
            assertTrue(lab.status("cli").contains("wireguard wireguard-go"), lab.status("cli"));

            Process ping = lab.ping(200, "0.01");
            Thread.sleep(300);
            lab.cut("p1");
            Thread.sleep(1000);
            long cutDrops = lab.cutDrops();
            lab.heal();
            assertEquals(200, TunnelLab.received(ping), "no loss while path 1 was cut");
            assertTrue(cutDrops > 50, "the cut really dropped tunnel traffic: " + cutDrops);
            assertTrue(lab.counter("srv", "duplicates") > 0, "the second copies were dropped as duplicates");

            long badHeader = lab.counter("srv", "bad_header");
            long authFailed = lab.counter("srv", "auth_failed");
            // 5 short datagrams, then 5 with a well-formed HELLO header and a random body (fails its MAC).
            String f = lab.dir.resolve("garbage").toString();
            String script = "for i in 1 2 3 4 5; do printf 'hello' > /dev/udp/198.18.0.1/7000; "
                    + "printf '\\x23\\x00\\x00\\x00' > " + f + "; head -c 72 /dev/urandom >> " + f + "; "
                    + "cat " + f + " > /dev/udp/198.18.0.1/7000; done";
            lab.run(lab.cli, "bash", "-c", script).orThrow();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && (lab.counter("srv", "bad_header") < badHeader + 5
                    || lab.counter("srv", "auth_failed") < authFailed + 5)) {
                Thread.sleep(50);
            }
            assertEquals(badHeader + 5, lab.counter("srv", "bad_header"));
            assertEquals(authFailed + 5, lab.counter("srv", "auth_failed"));
            assertEquals(2, lab.counter("srv", "paths_learned"), "garbage never creates a path");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "still working after garbage");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "server"})
    void aKilledEndRecovers(String side) throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            assertEquals(10, TunnelLab.received(lab.ping(10, "0.02")));
            String s = side.equals("client") ? "cli" : "srv";
            long wg = lab.wireguardGo(s).orElseThrow().pid();
            lab.restart(s);
            lab.awaitStatus(s, "carrier on");
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            assertEquals(wg, lab.wireguardGo(s).orElseThrow().pid(), "the restarted relay took over its wireguard-go");
            long deadline = System.nanoTime() + 10_000_000_000L;
            int received = 0;
            while (received < 10 && System.nanoTime() < deadline) {
                received = TunnelLab.received(lab.ping(10, "0.02"));
            }
            assertEquals(10, received, "traffic crosses again after a kill -9 of the " + side);
            if (side.equals("client")) {
                assertTrue(lab.counter("srv", "sessions") >= 2, "the client's new run made a new session");
            }
        }
    }

    @Test
    void theTunnelLosesItsCarrierWhenEveryPathDies() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            lab.cut("p1");
            lab.cut("p2");
            lab.awaitStatus("cli", "carrier off");
            lab.awaitStatus("srv", "carrier off");
            lab.heal();
            lab.awaitStatus("cli", "carrier on");
            assertEquals(10, TunnelLab.received(lab.ping(10, "0.02")), "back after the heal");
        }
    }

    @Test
    void failoverSurvivesOnePathDown() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("failover")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            lab.awaitStatus("cli", "path 0 wan1->198.18.0.1:7000 up");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")));
            String s = lab.awaitStatus("cli", "up state standby");
            // whichever path came up first carries (it sticks while up); the other stands by
            int active = s.contains("path 0 wan1->198.18.0.1:7000 up state up") ? 0 : 1;
            int standby = 1 - active;
            String standbyPath = "path " + standby + " wan" + (standby + 1) + "->198.18.0.1:7000 ";
            String activePath = "path " + active + " wan" + (active + 1) + "->198.18.0.1:7000 ";
            lab.awaitStatus("cli", standbyPath + "up state standby");
            lab.cut("p" + (active + 1));
            lab.awaitStatus("cli", activePath + "down state down");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "traffic moved to path " + standby);
            lab.awaitStatus("cli", standbyPath + "up state up");
            assertTrue(lab.cutDrops() > 0);
            lab.heal();
            lab.awaitStatus("cli", activePath + "up state standby");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "and stays working after the heal");
            assertTrue(lab.status("cli").contains(standbyPath + "up state up"),
                    "the active path sticks after the heal: " + lab.status("cli"));
        }
    }

    @Test
    void aggregateCarriesTrafficOverBothPathsAndSurvivesACut() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("aggregate")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            assertEquals(50, TunnelLab.received(lab.ping(50, "0.01")));
            lab.cut("p2");
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 down");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "all traffic on path 0 after the cut");
            assertEquals(0, lab.counter("srv", "duplicates"), "aggregate sends each packet once");
        }
    }

    @Test
    void aWanOfflineInTheTrackerLeavesThePathSetAndComesBack() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            lab.awaitStatus("srv", "path 1 ");
            lab.wanState("cli", "wan1", false);
            lab.awaitStatus("cli", "path 0 wan1->198.18.0.1:7000 down state offline");
            awaitPathDown(lab, "srv", 0);
            long cli0 = lab.pathTx("cli", 0);
            long cli1 = lab.pathTx("cli", 1);
            long srv0 = lab.pathTx("srv", 0);
            assertEquals(200, TunnelLab.received(lab.ping(200, "0.005")), "all traffic over wan2");
            Thread.sleep(500); // the status file is rewritten every 200 ms
            long beatsOnly = 120; // beats every 25 ms over the 1.5 s
            assertTrue(lab.pathTx("cli", 1) - cli1 >= 200, "client sent the pings on path 1");
            assertTrue(lab.pathTx("cli", 0) - cli0 < beatsOnly, "client: beats only on path 0: "
                    + (lab.pathTx("cli", 0) - cli0));
            assertTrue(lab.pathTx("srv", 0) - srv0 < beatsOnly, "server: beats only on path 0: "
                    + (lab.pathTx("srv", 0) - srv0));
            assertEquals(0, lab.cutDrops(), "the path itself was never cut");

            lab.wanState("cli", "wan1", true);
            lab.awaitStatus("cli", "path 0 wan1->198.18.0.1:7000 up");
            long back = lab.pathTx("cli", 0);
            assertEquals(200, TunnelLab.received(lab.ping(200, "0.005")));
            Thread.sleep(500);
            assertTrue(lab.pathTx("cli", 0) - back >= 200, "path 0 carries every packet again");
        }
    }

    private static void awaitPathDown(TunnelLab lab, String side, int id) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String offline = "(?s).*\\npath " + id + " \\S+ down state offline.*";
        while (System.nanoTime() < deadline && !lab.status(side).matches(offline)) {
            Thread.sleep(50);
        }
        assertTrue(lab.status(side).matches(offline), lab.status(side));
    }
}
