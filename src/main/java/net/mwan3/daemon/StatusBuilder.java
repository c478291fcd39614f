package net.mwan3.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import net.mwan3.config.Policy;
import net.mwan3.config.Rule;
import net.mwan3.model.Family;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftText;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.Numbering;
import net.mwan3.plan.PolicyChoice;
import net.mwan3.plan.PolicyMath;
import net.mwan3.status.IfaceStatus;
import net.mwan3.status.PolicyStatus;
import net.mwan3.status.RuleStatus;
import net.mwan3.status.StatusSnapshot;
import net.mwan3.status.TrackIpStatus;
import net.mwan3.track.TargetResult;
import net.mwan3.track.TrackerSnapshot;

/** Builds the status snapshot from the daemon's in-memory state (never by scraping the kernel). */
final class StatusBuilder {

    private StatusBuilder() {
    }

    static StatusSnapshot build(Daemon d) {
        Instant now = d.clock.instant();
        List<IfaceStatus> ifaces = d.interfaces().stream().map(i -> iface(d, i, now)).toList();
        Map<Family, List<PolicyStatus>> policies = new EnumMap<>(Family.class);
        Map<Family, List<String>> connected = new EnumMap<>(Family.class);
        Map<Family, List<RuleStatus>> rules = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            policies.put(f, policies(d, f));
            connected.put(f, d.lastDesired.table().set(Numbering.destSet("connected", f))
                    .map(NftSet::elements).orElse(List.of()));
            rules.put(f, rules(d, f));
        }
        return new StatusSnapshot(ifaces, policies, connected, rules, d.tunnels.status());
    }

    private static IfaceStatus iface(Daemon d, Iface i, Instant now) {
        TrackerSnapshot t = i.tracked() ? i.tracker.snapshot() : null;
        // Online only once the kernel has it: the tracker may say so a reconcile before the rules exist.
        boolean online = i.routable() && d.appliedOnline(i.name());
        String status;
        String tracking;
        if (!i.config.enabled()) {
            status = "unknown";
            tracking = "down";
        } else if (t == null) {
            status = online ? "online" : "offline";
            tracking = "disabled";
        } else {
            status = t.state().word().equals("online") && !online ? "offline" : t.state().word();
            tracking = t.started() ? "active" : "paused";
        }
        long onlineSecs = !online ? 0 : t != null ? secs(t.onlineFor(now).orElse(Duration.ZERO))
                : i.upSince != null ? secs(Duration.between(i.upSince, now)) : 0;
        long offline = t != null ? secs(t.offlineFor(now).orElse(Duration.ZERO)) : 0;
        long uptime = i.up() && i.upSince != null ? secs(Duration.between(i.upSince, now)) : 0;
        long age = i.lastRound == null ? 0 : secs(Duration.between(i.lastRound, now));
        List<TrackIpStatus> ips = new ArrayList<>();
        for (String ip : i.config.tracking().trackIps()) {
            TargetResult r = t == null ? null
                    : t.targets().stream().filter(x -> x.ip().equals(ip)).findFirst().orElse(null);
            ips.add(r == null ? new TrackIpStatus(ip, "unknown", 0, 0)
                    : new TrackIpStatus(ip, r.status().word(), r.latencyMs().orElse(0), r.lossPercent().orElse(0)));
        }
        return new IfaceStatus(i.name(), i.config.enabled(), status, tracking, online ? "online" : "offline",
                onlineSecs, offline, uptime, age, t == null ? 0 : t.score(), t == null ? 0 : t.lost(),
                t == null ? 0 : t.turn(), i.up(), ips, errorBits(d.lastDesired, i), traffic(i));
    }

    private static net.mwan3.status.TrafficStatus traffic(Iface i) {
        if (i.traffic == null) {
            return net.mwan3.status.TrafficStatus.OFF;
        }
        var s = i.traffic.suspected();
        return new net.mwan3.status.TrafficStatus(true, s.isPresent(), s.map(x -> x.reason()).orElse(null),
                i.lastBurst, i.burstsStarted, i.burstsConfirmed, i.burstsCleared);
    }

    private static long secs(Duration d) {
        return Math.max(0, d.getSeconds());
    }

    /** mwan3's bitmask of what is missing for the interface in the applied state. */
    static int errorBits(DesiredState applied, Iface i) {
        int id = i.config.id();
        Family f = i.config.family();
        int bits = 0;
        int[] prefs = {1000 + id, 2000 + id, 3000 + id};
        for (int k = 0; k < 3; k++) {
            int pref = prefs[k];
            if (applied.rules().stream().noneMatch(r -> r.family() == f && r.pref() == pref)) {
                bits |= 1 << k;
            }
        }
        if (applied.table().chain(Numbering.ifaceInChain(i.name())).isEmpty()) {
            bits |= 8;
        }
        if (applied.routes().stream().noneMatch(r -> r.table() == id && r.isDefault() && r.family() == f)) {
            bits |= 16;
        }
        return bits;
    }

    private static List<PolicyStatus> policies(Daemon d, Family f) {
        List<PolicyStatus> out = new ArrayList<>();
        List<Policy> sorted = d.config.policies().stream().sorted(Comparator.comparing(Policy::name)).toList();
        for (Policy p : sorted) {
            PolicyChoice c = PolicyMath.choose(d.config, p, f, d.states());
            List<PolicyStatus.Share> shares = new ArrayList<>();
            // mwan3 lists members in chain order: the last one inserted (last in use_member) first.
            for (int k = c.members().size() - 1; k >= 0; k--) {
                PolicyChoice.Share s = c.members().get(k);
                shares.add(new PolicyStatus.Share(s.iface(), c.percent(s)));
            }
            out.add(new PolicyStatus(p.name(), shares, c.lastResort().uci()));
        }
        return out;
    }

    /** The config's rules that are in the applied table: {@code mwan3 rules} never lists one that is not. */
    private static List<RuleStatus> rules(Daemon d, Family f) {
        List<String> applied = d.lastDesired.table().chain(Numbering.RULES_CHAIN).map(NftChain::rules)
                .orElse(List.of());
        List<RuleStatus> out = new ArrayList<>();
        for (Rule r : d.config.rules()) {
            String comment = " comment " + NftText.quote(r.name());
            if (r.appliesTo(f) && applied.stream().anyMatch(x -> x.endsWith(comment))) {
                out.add(new RuleStatus(r.name(), r.usePolicy(), r.sticky(), RuleText.describe(r, f), 0, 0));
            }
        }
        return out;
    }
}
