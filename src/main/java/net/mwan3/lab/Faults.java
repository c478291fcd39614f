package net.mwan3.lab;

import java.util.List;

/**
 * Fault injection on a {@link Topology}'s WANs, for tests, the lab and people exploring it:
 * blackhole the ISP's upstream (the link stays up), drop the router's carrier, random loss. Each
 * fault lives in its own table {@code inet lab_fault} of the ISP namespace, so clearing it is one
 * delete. Delay needs netem, which this kernel may lack: {@link #delayAvailable()} says so.
 */
public final class Faults {
    private final Topology t;

    Faults(Topology t) {
        this.t = t;
    }

    /** Drops everything the ISP of WAN {@code k} would forward, both ways; carrier stays up. */
    public void blackhole(int k) {
        apply(k, "counter drop");
    }

    /** Drops {@code percent} % of forwarded packets at random (0 clears). */
    public void loss(int k, int percent) {
        if (percent <= 0) {
            clear(k);
            return;
        }
        apply(k, "numgen random mod 100 < " + Math.min(percent, 99) + " counter drop");
    }

    /** Removes any blackhole or loss on WAN {@code k}. */
    public void clear(int k) {
        t.netns().run(t.isp(k), "nft", "delete", "table", "inet", "lab_fault");
    }

    /** Takes the ISP's end of the WAN link down: the router's device loses carrier (or restores it). */
    public void carrier(int k, boolean up) {
        t.netns().exec(t.isp(k), "ip", "link", "set", "dev", "down", up ? "up" : "down");
    }

    /** Whether the kernel offers netem, i.e. delay can be injected at all. */
    public boolean delayAvailable() {
        return t.netns().run(t.isp(1), "tc", "qdisc", "add", "dev", "up", "root", "netem", "delay", "1ms").ok()
                && t.netns().run(t.isp(1), "tc", "qdisc", "del", "dev", "up", "root").ok();
    }

    private void apply(int k, String verdict) {
        clear(k);
        String table = "table inet lab_fault {\n chain fault {\n  type filter hook forward priority -10; policy accept\n  "
                + verdict + "\n }\n}\n";
        t.netns().runner(t.isp(k)).run(List.of("nft", "-f", "-"), table).orThrow();
    }
}
