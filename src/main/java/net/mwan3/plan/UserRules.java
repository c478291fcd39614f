package net.mwan3.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.config.LastResort;
import net.mwan3.config.Rule;
import net.mwan3.model.Family;
import net.mwan3.model.IfaceState;
import net.mwan3.model.MarkMask;

/**
 * The {@code mwan3_rules} chain (user rules in config order, each guarded by "not yet marked", so
 * the first match wins), the sets rules name, and the sticky chains.
 *
 * <p>Sticky: one dynamic set per (rule, interface, family) of source addresses that used that
 * interface within {@code timeout}. Only the policy's current choices are consulted, so interfaces
 * that come online later take part; the sets of interfaces that are offline or down are emptied on
 * every reconcile, so no source stays pinned to a dead WAN (both are bugs of mwan3 2.12.2).
 */
final class UserRules {
    private final PlanInput in;
    private final Numbering num;
    private final String zero;
    private final PolicyChains policies;
    private final Map<String, NftSet> sets = new LinkedHashMap<>();
    private final List<NftChain> stickyChains = new ArrayList<>();
    private final List<String> rules = new ArrayList<>();

    UserRules(PlanInput in, Numbering num, String zero, PolicyChains policies) {
        this.in = in;
        this.num = num;
        this.zero = zero;
        this.policies = policies;
        for (Rule r : in.config().rules()) {
            add(r);
        }
    }

    List<NftSet> sets() {
        return List.copyOf(sets.values());
    }

    List<NftChain> stickyChains() {
        return List.copyOf(stickyChains);
    }

    List<String> rules() {
        return List.copyOf(rules);
    }

    private void add(Rule r) {
        String device = srcDevice(r);
        for (Family f : Family.values()) {
            List<String> matches = RuleMatch.matches(r, f, device);
            if (matches.isEmpty()) {
                continue;
            }
            if (r.ipset() != null) {
                String name = Numbering.userSet(r.ipset(), f);
                sets.putIfAbsent(name, NftSet.kept(name, "type " + f.nftAddrType() + "; flags interval; auto-merge"));
            }
            String target = target(r, f);
            for (String match : matches) {
                // The comment ties counters back to the rule for 'mwan3 rules'.
                rules.add(zero + " " + match + " counter" + log(r) + " " + target + " comment " + NftText.quote(r.name()));
            }
        }
    }

    /**
     * The device of the rule's {@code src_iface}: the one the config resolved it to, except for an mwan3
     * interface that is up, whose device is the one it is up on (netifd's view, where it has one). The
     * rule stays in place while that interface is down (mwan3 dropped it until the next ifup), so what
     * {@code mwan3 rules} lists is always in the table.
     */
    private String srcDevice(Rule r) {
        if (r.srcIface() == null) {
            return null;
        }
        IfaceState st = in.state(r.srcIface());
        return in.config().iface(r.srcIface()).isPresent() && st.up() && st.device() != null ? st.device()
                : r.srcDevice();
    }

    private String log(Rule r) {
        if (!r.logging() || !in.config().globals().logging()) {
            return "";
        }
        String level = in.config().globals().loglevel().toLowerCase(Locale.ROOT);
        level = switch (level) {
            case "error" -> "err";
            case "warning" -> "warn";
            default -> level;
        };
        return " log prefix " + NftText.quote("MWAN3(" + r.name() + ") ") + " level " + level;
    }

    private String target(Rule r, Family f) {
        return switch (r.usePolicy()) {
            case "default" -> "jump " + policies.lastResortChain(LastResort.DEFAULT);
            case "unreachable" -> "jump " + policies.lastResortChain(LastResort.UNREACHABLE);
            case "blackhole" -> "jump " + policies.lastResortChain(LastResort.BLACKHOLE);
            default -> r.sticky() ? "jump " + sticky(r, f) : "jump " + Numbering.policyChain(r.usePolicy(), f);
        };
    }

    private String sticky(Rule r, Family f) {
        PolicyChoice choice = policies.choice(r.usePolicy(), f);
        MarkMask mask = num.mask();
        String m = MarkMask.hex(mask.mask());
        List<String> lookups = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (PolicyChoice.Share s : choice.members()) {
            String set = Numbering.stickySet(r.name(), s.iface(), f);
            lookups.add(zero + " " + f.nftProto() + " saddr @" + set + " jump " + num.markChain(s.id()));
            updates.add("meta mark & " + m + " == " + MarkMask.hex(mask.id2mask(s.id())) + " update @" + set + " { "
                    + f.nftProto() + " saddr }");
        }
        String spec = "type " + f.nftAddrType() + "; flags dynamic, timeout; timeout " + r.timeout() + "s";
        java.util.Set<String> memberIfaces = new java.util.HashSet<>();
        for (String n : in.config().policy(r.usePolicy()).orElseThrow().useMember()) {
            in.config().member(n).ifPresent(x -> memberIfaces.add(x.interfaceName()));
        }
        for (InterfaceConfig i : in.config().enabledInterfaces()) {
            if (memberIfaces.contains(i.name()) && i.family() == f) {
                String set = Numbering.stickySet(r.name(), i.name(), f);
                sets.put(set, in.state(i.name()).online() ? NftSet.kept(set, spec) : NftSet.emptied(set, spec));
            }
        }
        List<String> chain = new ArrayList<>(lookups);
        chain.add(zero + " jump " + Numbering.policyChain(r.usePolicy(), f));
        chain.addAll(updates);
        String name = Numbering.stickyChain(r.name(), f);
        stickyChains.add(new NftChain(name, null, chain));
        return name;
    }
}
