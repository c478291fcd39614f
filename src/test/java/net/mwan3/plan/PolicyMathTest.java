package net.mwan3.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.mwan3.config.LastResort;
import net.mwan3.config.Mwan3Config;
import net.mwan3.config.Policy;
import net.mwan3.model.Family;
import net.mwan3.model.IfaceState;

class PolicyMathTest {

    /** A config with n IPv4 WANs, one member each with the given metric and weight, in one policy. */
    private static Mwan3Config config(int[] metrics, int[] weights, String lastResort) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < metrics.length; i++) {
            sb.append("config interface 'w").append(i).append("'\n\toption enabled '1'\n");
        }
        for (int i = 0; i < metrics.length; i++) {
            sb.append("config member 'm").append(i).append("'\n\toption interface 'w").append(i)
                    .append("'\n\toption metric '").append(metrics[i]).append("'\n\toption weight '")
                    .append(weights[i]).append("'\n");
        }
        sb.append("config policy 'p'\n\toption last_resort '").append(lastResort).append("'\n");
        for (int i = 0; i < metrics.length; i++) {
            sb.append("\tlist use_member 'm").append(i).append("'\n");
        }
        return PlanFixtures.config(sb.toString());
    }

    @Test
    void everyOnlineCombinationOfUpToFourInterfacesKeepsTheInvariants() {
        Random rnd = new Random(42);
        for (int n = 1; n <= 4; n++) {
            for (int trial = 0; trial < 25; trial++) {
                int[] metrics = new int[n];
                int[] weights = new int[n];
                for (int i = 0; i < n; i++) {
                    metrics[i] = 1 + rnd.nextInt(3);
                    weights[i] = 1 + rnd.nextInt(5);
                }
                Mwan3Config c = config(metrics, weights, "blackhole");
                Policy p = c.policy("p").orElseThrow();
                for (int mask = 0; mask < (1 << n); mask++) {
                    checkInvariants(c, p, metrics, weights, mask, n);
                }
            }
        }
    }

    private static void checkInvariants(Mwan3Config c, Policy p, int[] metrics, int[] weights, int onlineMask, int n) {
        Map<String, IfaceState> states = new HashMap<>();
        int lowest = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            boolean on = (onlineMask & (1 << i)) != 0;
            states.put("w" + i, new IfaceState("eth" + i, true, on));
            if (on) {
                lowest = Math.min(lowest, metrics[i]);
            }
        }
        PolicyChoice choice = PolicyMath.choose(c, p, Family.IPV4, states);
        List<String> expected = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < n; i++) {
            if ((onlineMask & (1 << i)) != 0 && metrics[i] == lowest) {
                expected.add("w" + i);
                total += weights[i];
            }
        }
        assertEquals(expected, choice.members().stream().map(PolicyChoice.Share::iface).toList());
        assertEquals(total, choice.totalWeight());
        if (onlineMask == 0) {
            assertTrue(choice.usesLastResort());
            assertEquals(LastResort.BLACKHOLE, choice.lastResort());
            assertEquals(n, choice.outDevices().size(), "every offline member's device gets an out rule");
        } else {
            assertTrue(choice.outDevices().isEmpty(), "out rules exist only when no member is online");
        }
    }

    @Test
    void percentagesAreMwan3sIntegerArithmetic() {
        Mwan3Config c = config(new int[] {1, 1, 1}, new int[] {3, 2, 1}, "unreachable");
        Map<String, IfaceState> on = Map.of("w0", PlanFixtures.online("a"), "w1", PlanFixtures.online("b"),
                "w2", PlanFixtures.online("c"));
        PolicyChoice choice = PolicyMath.choose(c, c.policy("p").orElseThrow(), Family.IPV4, on);
        assertEquals(List.of(50, 33, 16), choice.members().stream().map(choice::percent).toList());
    }

    @Test
    void familiesAreChosenSeparately() {
        Mwan3Config c = PlanFixtures.config(PlanFixtures.THREE_WANS);
        Policy balanced = c.policy("balanced").orElseThrow();
        PolicyChoice v6 = PolicyMath.choose(c, balanced, Family.IPV6, PlanFixtures.allOnline());
        assertEquals(List.of("wan6"), v6.members().stream().map(PolicyChoice.Share::iface).toList());
        PolicyChoice v4 = PolicyMath.choose(c, balanced, Family.IPV4, PlanFixtures.allOnline());
        assertEquals(List.of("wan", "wanb", "wanc"), v4.members().stream().map(PolicyChoice.Share::iface).toList());
    }

    @Test
    void disabledOrDownInterfacesNeverTakePart() {
        Mwan3Config c = PlanFixtures.config(PlanFixtures.THREE_WANS);
        Policy backup = c.policy("wan_backup").orElseThrow();
        Map<String, IfaceState> wanDown = new HashMap<>(PlanFixtures.allOnline());
        wanDown.put("wan", IfaceState.DOWN);
        PolicyChoice choice = PolicyMath.choose(c, backup, Family.IPV4, wanDown);
        assertEquals(List.of("wanc"), choice.members().stream().map(PolicyChoice.Share::iface).toList(),
                "metric 2 member takes over when the metric 1 member is down");
    }
}
