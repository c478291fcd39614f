package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.mwan3.testing.NetnsSupport;

/**
 * UDP GSO and GRO between the tunnel's ends against the real kernel. With both on, a TCP burst read from the
 * TUN device leaves as one send ({@code udp_gso_sends}) and arrives as one read ({@code udp_gro_reads}: the
 * kernel keeps the run whole across the veth for a socket with UDP_GRO). Forced off at one end
 * ({@code -Dmwan3.tunnel.udpgso=false}) that end sends and reads one datagram per call and still talks to an
 * offloading peer; and where the kernel refuses UDP_SEGMENT (here: datagrams over the path MTU, which a plain
 * send fragments) the socket falls back by itself and nothing is lost for it.
 */
class TunnelUdpOffloadIT {

    @Test
    void burstsLeaveAsOneSendAndArriveAsOneRead() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("failover")) {
            start(lab);
            transfer(lab);
            assertTrue(lab.counter("cli", "udp_gso_sends") > 0, "client sent runs: " + lab.status("cli"));
            assertTrue(lab.counter("srv", "udp_gro_reads") > 0, "server read runs: " + lab.status("srv"));
            transfer(lab, "-R");
            assertTrue(lab.counter("srv", "udp_gso_sends") > 0, "server sent runs: " + lab.status("srv"));
            assertTrue(lab.counter("cli", "udp_gro_reads") > 0, "client read runs: " + lab.status("cli"));
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "ping: lone packets are not held back");
            assertClean(lab, "cli");
            assertClean(lab, "srv");
        }
    }

    @Test
    void anEndForcedOffStillTalksToAnOffloadingOne() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("failover")) {
            lab.jvmOption("cli", "-Dmwan3.tunnel.udpgso=false");
            start(lab);
            transfer(lab);
            transfer(lab, "-R");
            assertEquals(0, lab.counter("cli", "udp_gso_sends"), "the plain end sends one datagram per call");
            assertEquals(0, lab.counter("cli", "udp_gro_reads"), "and reads one per call");
            assertTrue(lab.counter("srv", "udp_gso_sends") > 0, "its peer still sends runs: " + lab.status("srv"));
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "ping through the mixed tunnel");
            assertClean(lab, "cli");
            assertClean(lab, "srv");
        }
    }

    @Test
    void aSocketTheKernelRefusesFallsBackAndKeepsSending() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("failover")) {
            // 1432-byte datagrams (MTU 1400 + 32) over a 1400-byte link: sendto fragments, UDP_SEGMENT refuses.
            lab.run(lab.cli, "ip", "link", "set", "dev", "wan1", "mtu", "1400").orThrow();
            lab.run(lab.cli, "ip", "link", "set", "dev", "wan2", "mtu", "1400").orThrow();
            start(lab);
            transfer(lab);
            assertTrue(lab.counter("cli", "udp_gso_refused") > 0, "the kernel refused a run: " + lab.status("cli"));
            long sends = lab.counter("cli", "udp_gso_sends");
            transfer(lab);
            assertEquals(sends, lab.counter("cli", "udp_gso_sends"), "no more runs after the refusal");
            assertEquals(0, lab.counter("srv", "oversize"), "reassembled whole");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "ping through the fallback");
        }
    }

    private static void start(TunnelLab lab) throws Exception {
        Iperf.server(lab, lab.srv);
        lab.start();
        lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
    }

    /** Three seconds of iperf3 TCP through the tunnel: every one-second interval carried data. */
    private static void transfer(TunnelLab lab, String... extra) throws Exception {
        Iperf r = Iperf.run(lab.cli, "192.0.2.2", 3, extra);
        String what = "iperf3 " + String.join(" ", extra) + ": " + r.intervalBytes();
        assertEquals(3, r.intervalBytes().size(), what);
        assertTrue(r.intervalBytes().stream().allMatch(b -> b > 0), "no interval stalled: " + what);
    }

    private static void assertClean(TunnelLab lab, String side) throws Exception {
        assertEquals(0, lab.counter(side, "udp_gso_refused"), side + ": no socket fell back: " + lab.status(side));
        assertEquals(0, lab.counter(side, "oversize"), side + ": no datagram over the MTU");
        assertEquals(0, lab.counter(side, "auth_failed"), side + ": every datagram of a run opened");
        assertEquals(0, lab.counter(side, "bad_header"), side + ": every datagram of a run parsed");
    }
}
