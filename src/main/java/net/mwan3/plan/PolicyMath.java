package net.mwan3.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.config.Member;
import net.mwan3.config.Mwan3Config;
import net.mwan3.config.Policy;
import net.mwan3.model.Family;
import net.mwan3.model.IfaceState;

/**
 * mwan3's member selection ({@code mwan3_set_policy}) without its side effects: among a policy's
 * members of one family, only online ones with the lowest metric are used, each getting exactly
 * weight/total of new connections; when none is online the last resort applies, and traffic already
 * bound to an offline member's device keeps using the main table (the shell's "out" rules).
 */
public final class PolicyMath {

    private PolicyMath() {
    }

    public static PolicyChoice choose(Mwan3Config config, Policy policy, Family family,
                                      Map<String, IfaceState> states) {
        int lowest = Member.LOWEST_METRIC + 1;
        List<PolicyChoice.Share> shares = new ArrayList<>();
        Set<String> out = new LinkedHashSet<>();
        for (String memberName : policy.useMember()) {
            Member m = config.member(memberName).orElse(null);
            InterfaceConfig iface = m == null ? null : config.iface(m.interfaceName()).orElse(null);
            if (iface == null || !iface.enabled() || iface.family() != family) {
                continue;
            }
            IfaceState st = states.getOrDefault(iface.name(), IfaceState.DOWN);
            if (st.online()) {
                if (m.metric() < lowest) {
                    lowest = m.metric();
                    shares.clear();
                }
                if (m.metric() == lowest) {
                    shares.add(new PolicyChoice.Share(iface.name(), iface.id(), m.weight()));
                }
            } else if (st.device() != null) {
                out.add(st.device());
            }
        }
        List<String> outDevices = shares.isEmpty() ? List.copyOf(out) : List.of();
        return new PolicyChoice(shares, policy.lastResort(), outDevices);
    }
}
