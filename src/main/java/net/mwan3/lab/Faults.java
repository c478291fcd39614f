package net.mwan3.lab;

import java.util.List;
import java.util.function.IntFunction;

import net.mwan3.kernel.CommandResult;
import net.mwan3.kernel.ProcessCommandRunner;

/**
 * Fault injection on a lab's WANs, for tests, the lab and people exploring it: blackhole the ISP's
 * upstream (the link stays up), drop the router's carrier, random loss, delay. Each nft fault lives
 * in its own table {@code inet lab_fault} of the ISP namespace, so clearing it is one delete. It
 * needs only the ISP namespaces' names, so {@code mwan3 lab fault} can act on a lab another process
 * built. Delay needs netem, which this kernel may lack: {@link #delayAvailable()} says so.
 */
public final class Faults {
    private final IntFunction<String> isp;

    Faults(Topology t) {
        this(t::isp);
    }

    private Faults(IntFunction<String> isp) {
        this.isp = isp;
    }

    /** Faults for a lab known only by its ISP namespaces (WAN 1 first). */
    public static Faults of(List<String> ispNamespaces) {
        return new Faults(k -> ispNamespaces.get(k - 1));
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

    /** Removes any blackhole, loss or delay on WAN {@code k}. */
    public void clear(int k) {
        run(k, "nft", "delete", "table", "inet", "lab_fault");
        run(k, "tc", "qdisc", "del", "dev", "up", "root");
    }

    /** Takes the ISP's end of the WAN link down: the router's device loses carrier (or restores it). */
    public void carrier(int k, boolean up) {
        run(k, "ip", "link", "set", "dev", "down", up ? "up" : "down").orThrow();
    }

    /** Whether the kernel offers netem, i.e. delay can be injected at all. */
    public boolean delayAvailable() {
        boolean ok = run(1, "tc", "qdisc", "add", "dev", "up", "root", "netem", "delay", "1ms").ok();
        return ok && run(1, "tc", "qdisc", "del", "dev", "up", "root").ok();
    }

    /** Delays what the ISP of WAN {@code k} sends upstream by {@code ms}; fails where netem is missing. */
    public void delay(int k, int ms) {
        run(k, "tc", "qdisc", "replace", "dev", "up", "root", "netem", "delay", ms + "ms").orThrow();
    }

    private void apply(int k, String verdict) {
        run(k, "nft", "delete", "table", "inet", "lab_fault");
        String table = "table inet lab_fault {\n chain fault {\n  type filter hook forward priority -10; policy accept\n  "
                + verdict + "\n }\n}\n";
        ProcessCommandRunner.inNetns(isp.apply(k)).run(List.of("nft", "-f", "-"), table).orThrow();
    }

    private CommandResult run(int k, String... argv) {
        return ProcessCommandRunner.inNetns(isp.apply(k)).run(List.of(argv), null);
    }
}
