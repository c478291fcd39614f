package net.mwan3.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.mwan3.config.LastResort;
import net.mwan3.config.Policy;
import net.mwan3.model.Family;
import net.mwan3.model.MarkMask;

/**
 * One chain per policy and family. Weighted choice is a single {@code numgen random mod total}
 * verdict map, so each member gets exactly weight/total of new connections at constant packet cost
 * (mwan3 cascades {@code statistic} probabilities rounded to thousandths).
 */
final class PolicyChains {
    private final PlanInput in;
    private final Numbering num;
    private final String zero;
    private final Map<String, PolicyChoice> choices = new LinkedHashMap<>();

    PolicyChains(PlanInput in, Numbering num, String zero) {
        this.in = in;
        this.num = num;
        this.zero = zero;
        for (Policy p : in.config().policies()) {
            for (Family f : Family.values()) {
                choices.put(key(p.name(), f), PolicyMath.choose(in.config(), p, f, in.states()));
            }
        }
    }

    private static String key(String policy, Family f) {
        return policy + "/" + f.uciName();
    }

    PolicyChoice choice(String policy, Family f) {
        return choices.get(key(policy, f));
    }

    List<NftChain> chains() {
        List<NftChain> out = new ArrayList<>();
        for (Policy p : in.config().policies()) {
            for (Family f : Family.values()) {
                out.add(new NftChain(Numbering.policyChain(p.name(), f), null, rules(choice(p.name(), f))));
            }
        }
        return out;
    }

    private List<String> rules(PolicyChoice c) {
        MarkMask mask = num.mask();
        if (c.members().size() == 1) {
            return List.of("jump " + num.markChain(c.members().get(0).id()));
        }
        if (!c.members().isEmpty()) {
            List<String> items = new ArrayList<>();
            int from = 0;
            for (PolicyChoice.Share s : c.members()) {
                int to = from + s.weight() - 1;
                items.add((from == to ? Integer.toString(from) : from + "-" + to) + " : jump " + num.markChain(s.id()));
                from = to + 1;
            }
            return List.of("numgen random mod " + c.totalWeight() + " vmap { " + String.join(", ", items) + " }");
        }
        List<String> rules = new ArrayList<>();
        for (String dev : c.outDevices()) {
            rules.add("oifname " + NftText.quote(dev) + " " + zero + " jump " + num.markChain(mask.mmDefault()));
        }
        rules.add(zero + " jump " + lastResortChain(c.lastResort()));
        return rules;
    }

    String lastResortChain(LastResort lastResort) {
        MarkMask mask = num.mask();
        return switch (lastResort) {
            case UNREACHABLE -> num.markChain(mask.mmUnreachable());
            case BLACKHOLE -> num.markChain(mask.mmBlackhole());
            case DEFAULT -> num.markChain(mask.mmDefault());
        };
    }
}
