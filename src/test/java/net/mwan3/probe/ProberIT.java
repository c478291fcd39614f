package net.mwan3.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import net.mwan3.lab.NetnsThread;
import net.mwan3.model.Family;
import net.mwan3.testing.NetnsSupport;

/**
 * The probers against real sockets. The test JVM stays in the host namespace; the probers' own
 * threads (ICMP poller, Netty loop) enter the prober namespace with setns(2) through
 * {@link NetnsThread}, so every probe socket is created there. Servers are python3 processes in
 * the responder namespace (see {@link ProbeLab}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProberIT {
    private static final Duration SHORT = Duration.ofMillis(600);

    private ProbeLab lab;
    private IcmpProber icmp;
    private ProbeEventLoop loop;

    @BeforeAll
    void setUp() throws Exception {
        NetnsSupport.assumeAvailable();
        lab = new ProbeLab();
        icmp = new IcmpProber(NetnsThread.factory(lab.prober, "icmp"));
        loop = new ProbeEventLoop(NetnsThread.factory(lab.prober, "loop"));
    }

    @AfterAll
    void tearDown() {
        if (icmp != null) {
            icmp.close();
        }
        if (loop != null) {
            loop.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private static ProbeResult await(Prober p, ProbeTarget t) throws Exception {
        return p.probe(t).get(30, TimeUnit.SECONDS);
    }

    private static ProbeTarget wan0(String host) {
        return ProbeTarget.of(host).via("wan0", ProbeLab.addr("198.51.100.1")).withTimeout(Duration.ofSeconds(2));
    }

    @Test
    void echoRepliesAreCountedWithRtt() throws Exception {
        ProbeResult r = await(icmp, wan0(ProbeLab.RESPONDER).withCount(3));
        assertEquals(new ProbeResult(3, 3, r.avgRttMicros(), null), r);
        assertTrue(r.avgRttMicros() >= 0, r::toString);
        assertEquals(0, r.lossPercent());
    }

    @Test
    void ipv6EchoReplies() throws Exception {
        ProbeResult r = await(icmp, ProbeTarget.of(ProbeLab.RESPONDER6).via("wan0", null).withCount(2)
                .withFamily(Family.IPV6).withTimeout(Duration.ofSeconds(2)));
        assertEquals(2, r.received(), r::toString);
    }

    @Test
    void blackholedTargetTimesOutWithFullLoss() throws Exception {
        ProbeResult r = await(icmp, wan0(ProbeLab.BLACKHOLE).withCount(2).withTimeout(SHORT));
        assertEquals(new ProbeResult(2, 0, -1, null), r);
        assertEquals(100, r.lossPercent());
    }

    /**
     * The main table routes the responder's subnet via wan0; bound to wan1 the probes must leave
     * through wan1 anyway (the kernel then treats the target as on-link there and gets no answer).
     */
    @Test
    void deviceBindingIsRespected() throws Exception {
        lab.addCounters("oifname \"wan1\" ip daddr " + ProbeLab.RESPONDER + " ip protocol icmp", "icmpwan1",
                "oifname \"wan1\" ip daddr " + ProbeLab.RESPONDER + " tcp flags syn", "tcpwan1");
        ProbeResult viaWan1 = await(icmp, ProbeTarget.of(ProbeLab.RESPONDER).via("wan1", null).withTimeout(SHORT));
        assertEquals(new ProbeResult(1, 0, -1, null), viaWan1);
        ProbeResult tcpViaWan1 = await(new TcpProber(loop, 8080),
                ProbeTarget.of(ProbeLab.RESPONDER).via("wan1", null).withTimeout(SHORT));
        assertEquals(new ProbeResult(1, 0, -1, null), tcpViaWan1);
        assertEquals(1, lab.counter("icmpwan1"));
        assertTrue(lab.counter("tcpwan1") >= 1, "SYN left through wan1");
        assertEquals(1, await(icmp, ProbeTarget.of(ProbeLab.RESPONDER).via("wan0", null)).received());
        assertEquals(1, await(icmp, ProbeTarget.of(ProbeLab.RESPONDER)).received(), "unbound follows the main table");
    }

    @Test
    void missingDeviceIsAnError() throws Exception {
        ProbeResult r = await(icmp, ProbeTarget.of(ProbeLab.RESPONDER).via("nosuchdev0", null));
        assertEquals(0, r.sent(), r::toString);
        assertTrue(r.error().contains("SO_BINDTODEVICE"), r::toString);
        ProbeResult tcp = await(new TcpProber(loop), ProbeTarget.of(ProbeLab.RESPONDER).via("nosuchdev0", null));
        assertTrue(tcp.error().contains("SO_BINDTODEVICE"), tcp::toString);
    }

    /** One poller, one socket per binding: concurrent probes must each get exactly their replies. */
    @Test
    void concurrentProbesShareThePoller() throws Exception {
        List<CompletableFuture<ProbeResult>> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ProbeTarget t = i % 3 == 0 ? ProbeTarget.of(ProbeLab.RESPONDER6).via("wan0", null)
                    : i % 3 == 1 ? wan0(ProbeLab.RESPONDER) : ProbeTarget.of(ProbeLab.RESPONDER);
            all.add(icmp.probe(t.withCount(3).withTimeout(Duration.ofSeconds(3))));
        }
        for (CompletableFuture<ProbeResult> f : all) {
            ProbeResult r = f.get(30, TimeUnit.SECONDS);
            assertEquals(new ProbeResult(3, 3, r.avgRttMicros(), null), r);
        }
    }

    /** "localhost" comes from /etc/hosts: a name lookup that sends nothing outside. */
    @Test
    void hostNamesAreResolvedOffThePoller() throws Exception {
        ProbeResult r = await(icmp, ProbeTarget.of("localhost").withFamily(Family.IPV4));
        assertEquals(1, r.received(), r::toString);
        ProbeResult mismatch = await(icmp, ProbeTarget.of(ProbeLab.RESPONDER).withFamily(Family.IPV6));
        assertTrue(mismatch.error().startsWith("resolve"), mismatch::toString);
    }

    @Test
    void foreignSourceAddressIsAnError() throws Exception {
        ProbeResult r = await(icmp, ProbeTarget.of(ProbeLab.RESPONDER).via("wan0", ProbeLab.addr("192.0.2.99")));
        assertNotNull(r.error(), r::toString);
    }

    @Test
    void markTtlAndSizeReachTheWire() throws Exception {
        lab.addCounters("meta mark 0x4242 ip protocol icmp", "icmpmark",
                "meta mark 0x4243 tcp flags syn", "tcpmark",
                "ip ttl 7 ip protocol icmp", "ttl7",
                "ip length 128 ip protocol icmp", "len128");
        assertEquals(2, await(icmp, wan0(ProbeLab.RESPONDER).withMark(0x4242).withCount(2)).received());
        assertEquals(1, await(icmp, wan0(ProbeLab.RESPONDER).withTtl(7).withSize(100)).received());
        assertEquals(1, await(new TcpProber(loop, 8080), wan0(ProbeLab.RESPONDER).withMark(0x4243)).received());
        assertEquals(2, lab.counter("icmpmark"));
        assertEquals(1, lab.counter("tcpmark"));
        assertEquals(1, lab.counter("ttl7"));
        assertEquals(1, lab.counter("len128"));
    }

    @Test
    void tcpConnectedRefusedAndSilent() throws Exception {
        ProbeResult open = await(new TcpProber(loop, 8080), wan0(ProbeLab.RESPONDER).withCount(2));
        assertEquals(new ProbeResult(2, 2, open.avgRttMicros(), null), open);
        ProbeResult refused = await(new TcpProber(loop, 81), wan0(ProbeLab.RESPONDER));
        assertEquals(1, refused.received(), "a RST is an answer, as in nping: " + refused);
        ProbeResult silent = await(new TcpProber(loop, 9), wan0(ProbeLab.RESPONDER).withCount(2).withTimeout(SHORT));
        assertEquals(new ProbeResult(2, 0, -1, null), silent);
    }

    @Test
    void httpAndHttpsResponsesCount() throws Exception {
        assertEquals(2, await(new HttpProber(loop, false, 8080), wan0(ProbeLab.RESPONDER).withCount(2)).received());
        assertEquals(1, await(new HttpProber(loop, true, 8443), wan0(ProbeLab.RESPONDER)).received());
        ProbeResult v6 = await(new HttpProber(loop, false, 8080), ProbeTarget.of(ProbeLab.RESPONDER6).via("wan0", null));
        assertEquals(1, v6.received(), v6::toString);
        ProbeResult refused = await(new HttpProber(loop, false, 81), wan0(ProbeLab.RESPONDER));
        assertEquals(new ProbeResult(1, 0, -1, null), refused);
    }

    @Test
    void dnsAnswerCounts() throws Exception {
        ProbeResult r = await(new DnsProber(loop), wan0(ProbeLab.RESPONDER).withCount(2));
        assertEquals(new ProbeResult(2, 2, r.avgRttMicros(), null), r);
        ProbeResult noServer = await(new DnsProber(loop, "example.org", 5354), wan0(ProbeLab.RESPONDER).withTimeout(SHORT));
        assertEquals(0, noServer.received(), noServer::toString);
        assertNull(noServer.error(), noServer::toString);
    }

    @Test
    void socketKindFollowsPingGroupRange() throws Exception {
        try {
            lab.netns.exec(lab.prober, "sysctl", "-qw", "net.ipv4.ping_group_range=1 0");
            try (IcmpProber raw = new IcmpProber(NetnsThread.factory(lab.prober, "raw"))) {
                assertEquals(IcmpMode.RAW, raw.mode(), raw.modeReason());
                assertEquals(2, await(raw, wan0(ProbeLab.RESPONDER).withCount(2)).received());
            }
            lab.netns.exec(lab.prober, "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
            try (IcmpProber dgram = new IcmpProber(NetnsThread.factory(lab.prober, "dgram"))) {
                assertEquals(IcmpMode.DGRAM, dgram.mode(), dgram.modeReason());
                assertEquals(2, await(dgram, wan0(ProbeLab.RESPONDER).withCount(2)).received());
                assertEquals(1, await(dgram, ProbeTarget.of(ProbeLab.RESPONDER6).via("wan0", null)).received());
                assertEquals(0, await(dgram, wan0(ProbeLab.BLACKHOLE).withTimeout(SHORT)).received());
            }
        } finally {
            lab.netns.exec(lab.prober, "sysctl", "-qw", "net.ipv4.ping_group_range=1 0");
        }
    }
}
