package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.mwan3.testing.NetnsSupport;

/**
 * The TUN offloads against the real kernel: bulk TCP over IPv4 and IPv6 in both directions, with both ends
 * offloading and with one end forced to the plain device (the fallback). The counters show what happened: a
 * sender that offloads reads TSO bursts ({@code tun_gso_reads}), a receiver that offloads writes merged segments
 * ({@code tun_gro_writes}), a plain end does neither, and nothing is refused on the way.
 */
class TunnelOffloadIT {

    @Test
    void bulkTcpBothWaysWithOffloadAtBothEnds() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("failover")) {
            startWithIpv6(lab);
            transfer(lab, "192.0.2.2");
            assertTrue(lab.counter("cli", "tun_gso_reads") > 0, "the client's TCP sent bursts: " + lab.status("cli"));
            assertTrue(lab.counter("srv", "tun_gro_writes") > 0, "the server merged segments: " + lab.status("srv"));
            transfer(lab, "192.0.2.2", "-R");
            assertTrue(lab.counter("srv", "tun_gso_reads") > 0, "the server's TCP sent bursts: " + lab.status("srv"));
            assertTrue(lab.counter("cli", "tun_gro_writes") > 0, "the client merged segments: " + lab.status("cli"));
            long cliGso = lab.counter("cli", "tun_gso_reads");
            long srvGro = lab.counter("srv", "tun_gro_writes");
            transfer(lab, "2001:db8:100::2");
            assertTrue(lab.counter("cli", "tun_gso_reads") > cliGso, "IPv6 bursts too (TSO6)");
            assertTrue(lab.counter("srv", "tun_gro_writes") > srvGro, "IPv6 merges too");
            transfer(lab, "2001:db8:100::2", "-R");
            assertClean(lab);
        }
    }

    @Test
    void aPlainEndInteroperatesWithAnOffloadingOne() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("failover")) {
            lab.jvmOption("srv", "-Dmwan3.tunnel.offload=false");
            startWithIpv6(lab);
            transfer(lab, "192.0.2.2");
            transfer(lab, "192.0.2.2", "-R");
            transfer(lab, "2001:db8:100::2", "-R");
            assertTrue(lab.counter("cli", "tun_gso_reads") > 0, "the offloading end still reads bursts");
            assertTrue(lab.counter("cli", "tun_gro_writes") > 0, "and merges what it receives");
            assertEquals(0, lab.counter("srv", "tun_gso_reads"), "the plain end reads packets");
            assertEquals(0, lab.counter("srv", "tun_gro_writes"), "and writes them one by one");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "ping through the mixed tunnel");
            assertClean(lab);
        }
    }

    private static void startWithIpv6(TunnelLab lab) throws Exception {
        Iperf.server(lab, lab.srv);
        lab.start();
        lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
        lab.run(lab.cli, "ip", "-6", "address", "add", "2001:db8:100::1/64", "dev", "mp0", "nodad").orThrow();
        lab.run(lab.srv, "ip", "-6", "address", "add", "2001:db8:100::2/64", "dev", "mp0", "nodad").orThrow();
    }

    /** Three seconds of iperf3 TCP through the tunnel: every one-second interval carried data. */
    private static void transfer(TunnelLab lab, String target, String... extra) throws Exception {
        Iperf r = Iperf.run(lab.cli, target, 3, extra);
        String what = "iperf3 " + target + " " + String.join(" ", extra) + ": " + r.intervalBytes();
        assertEquals(3, r.intervalBytes().size(), what);
        assertTrue(r.intervalBytes().stream().allMatch(b -> b > 0), "no interval stalled: " + what);
    }

    private static void assertClean(TunnelLab lab) throws Exception {
        for (String side : new String[] {"cli", "srv"}) {
            assertEquals(0, lab.counter(side, "tun_read_errors"), side + " refused no read: " + lab.status(side));
            assertEquals(0, lab.counter(side, "tun_write_errors"), side + " had no write refused");
            assertEquals(0, lab.counter(side, "oversize"), side + " saw no segment over the MTU");
        }
    }
}
