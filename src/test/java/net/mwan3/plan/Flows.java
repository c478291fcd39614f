package net.mwan3.plan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import net.mwan3.lab.Topology;

/**
 * What {@code FlowClient} reported, one line per connection: the address the server saw (a WAN's
 * masquerade address) or {@code fail <reason>}. WANs are numbered 1..3 in both families.
 */
record Flows(List<String> lines) {

    /** The WAN whose address (v4 or v6) the server saw, 0 for a failure or an unknown address. */
    static int wanOf(String line) {
        if (line.startsWith("fail")) {
            return 0;
        }
        try {
            InetAddress seen = InetAddress.getByName(line);
            for (int k = 1; k <= 3; k++) {
                if (seen.equals(InetAddress.getByName(Topology.wanAddress(k)))
                        || seen.equals(InetAddress.getByName(Topology.wanAddress6(k)))) {
                    return k;
                }
            }
            return 0;
        } catch (UnknownHostException e) {
            return 0;
        }
    }

    long count(int wan) {
        return lines.stream().filter(l -> wanOf(l) == wan && wan != 0).count();
    }

    List<String> failures() {
        return lines.stream().filter(l -> l.startsWith("fail")).toList();
    }

    /** The WANs used; a failure counts as WAN 0. */
    Set<Integer> wans() {
        Set<Integer> out = new TreeSet<>();
        lines.forEach(l -> out.add(wanOf(l)));
        return out;
    }

    /** True when every flow went by WAN {@code k}. */
    boolean allVia(int k) {
        return !lines.isEmpty() && wans().equals(Set.of(k));
    }

    @Override
    public String toString() {
        return "flows: " + lines.size() + ", per WAN 1/2/3: " + count(1) + "/" + count(2) + "/" + count(3)
                + ", failures: " + failures().stream().distinct().limit(5).toList();
    }
}
