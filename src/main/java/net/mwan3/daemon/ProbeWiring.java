package net.mwan3.daemon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import net.mwan3.config.TrackMethod;
import net.mwan3.config.Tracking;
import net.mwan3.probe.DnsProber;
import net.mwan3.probe.HttpProber;
import net.mwan3.probe.IcmpProber;
import net.mwan3.probe.ProbeEventLoop;
import net.mwan3.probe.ProbeResult;
import net.mwan3.probe.ProbeTarget;
import net.mwan3.probe.Prober;
import net.mwan3.probe.TcpProber;
import net.mwan3.track.ProbeOutcome;

/**
 * Connects the trackers to the in-process probers: each probe leaves by its WAN's device with the
 * WAN's source address and the default mark (so it bypasses classification), as mwan3's sockopt
 * wrapper arranged for its forked tools. Probers are created on first use and shared.
 */
final class ProbeWiring implements Trackers.ProbeFunction {
    private final Map<String, Prober> probers = new ConcurrentHashMap<>();
    /** Source addresses parsed once (a WAN's address rarely changes; each probe used to parse it). */
    private final Map<String, InetAddress> sources = new ConcurrentHashMap<>();
    private volatile IcmpProber icmp;
    private volatile ProbeEventLoop loop;
    private final java.util.function.LongSupplier mark;

    private ProbeWiring(java.util.function.LongSupplier mark) {
        this.mark = mark;
    }

    static ProbeWiring create(java.util.function.LongSupplier defaultMark) {
        return new ProbeWiring(defaultMark);
    }

    @Override
    public CompletableFuture<ProbeOutcome> probe(Iface iface, String target) {
        return probe(iface, target, iface.config.tracking().count(), iface.config.tracking().timeout());
    }

    @Override
    public CompletableFuture<ProbeOutcome> probeOnce(Iface iface, String target, java.time.Duration timeout) {
        return probe(iface, target, 1, timeout);
    }

    private CompletableFuture<ProbeOutcome> probe(Iface iface, String target, int count, java.time.Duration timeout) {
        Tracking t = iface.config.tracking();
        if (sources.size() > 256) {
            sources.clear(); // addresses come and go over months of DHCP leases
        }
        InetAddress source = iface.source == null ? null : sources.computeIfAbsent(iface.source, ProbeWiring::literal);
        ProbeTarget pt = new ProbeTarget(target, iface.config.family(), iface.device, source, (int) mark.getAsLong(),
                count, t.size(), t.maxTtl(), timeout);
        boolean needAll = t.method() == TrackMethod.NPING_TCP;
        return prober(t).probe(pt).thenApply(r -> outcome(r, needAll));
    }

    /** The address of a source literal (as the link reader reports it), null if it is none. */
    private static InetAddress literal(String source) {
        try {
            return InetAddress.getByName(source);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** mwan3's success rules: any reply (ping, httping, nslookup) or none lost (nping). */
    static ProbeOutcome outcome(ProbeResult r, boolean needAll) {
        boolean success = needAll ? r.allReplied() : r.anyReplied();
        if (r.received() == 0) {
            return ProbeOutcome.failed();
        }
        return ProbeOutcome.measured(success, (int) Math.min(Integer.MAX_VALUE, r.avgRttMillis()), r.lossPercent());
    }

    private Prober prober(Tracking t) {
        return switch (t.method()) {
            case NPING_TCP -> probers.computeIfAbsent("tcp:" + t.trackPort(), k -> new TcpProber(loop(), t.trackPort()));
            case HTTPING -> probers.computeIfAbsent("http:" + t.httpingSsl(), k -> new HttpProber(loop(), t.httpingSsl()));
            case NSLOOKUP -> probers.computeIfAbsent("dns", k -> new DnsProber(loop()));
            default -> icmp();
        };
    }

    private synchronized IcmpProber icmp() {
        if (icmp == null) {
            icmp = new IcmpProber();
        }
        return icmp;
    }

    private synchronized ProbeEventLoop loop() {
        if (loop == null) {
            loop = new ProbeEventLoop();
        }
        return loop;
    }

    String describe() {
        IcmpProber p = icmp();
        return "ICMP probes: " + p.mode() + " (" + p.modeReason() + ")";
    }

    @Override
    public void close() {
        probers.values().forEach(Prober::close);
        if (icmp != null) {
            icmp.close();
        }
        if (loop != null) {
            loop.close();
        }
    }
}
