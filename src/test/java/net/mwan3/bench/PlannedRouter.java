package net.mwan3.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.mwan3.config.ConfigLoader;
import net.mwan3.config.ConfigResult;
import net.mwan3.config.Mwan3Config;
import net.mwan3.kernel.ApplyResult;
import net.mwan3.kernel.LinuxKernel;
import net.mwan3.kernel.Ownership;
import net.mwan3.model.IfaceState;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.KernelRoutes;
import net.mwan3.plan.PlanInput;
import net.mwan3.plan.Planner;
import net.mwan3.testing.LinuxKernels;

/**
 * The daemon's apply path without the daemon: read the main routes, plan, reconcile through
 * {@link LinuxKernel} in a router namespace, with the nftables engine the daemon picks
 * (libnftables in process, its context made inside the namespace). Interface
 * states are set by the benchmark instead of by trackers.
 */
final class PlannedRouter {
    final Mwan3Config config;
    final Ownership ownership;
    private final String namespace;
    private final Map<String, IfaceState> states = new LinkedHashMap<>();
    private LinuxKernel kernel;

    PlannedRouter(ScaleConfig scale, String namespace) {
        ConfigResult r = ConfigLoader.fromText("bench", scale.uci());
        if (r.hasErrors()) {
            throw new IllegalStateException("generated config refused: " + r.problems());
        }
        this.config = r.config();
        this.ownership = Ownership.of(config.globals().mmxMask(), config.interfaces().size());
        this.namespace = namespace;
        for (int k = 1; k <= scale.interfaces(); k++) {
            states.put("wan" + k, new IfaceState(scale.device().apply(k), true, true));
        }
        restart();
    }

    /** A new kernel adapter with no memory of earlier applies, as after a daemon restart. */
    void restart() {
        if (kernel != null) {
            kernel.close();
        }
        kernel = LinuxKernels.in(namespace);
    }

    /** Which nftables engine applies (for the benchmark's notes). */
    String engine() {
        return kernel.nftEngine();
    }

    void online(int k, boolean online) {
        IfaceState s = states.get("wan" + k);
        states.put("wan" + k, new IfaceState(s.device(), true, online));
    }

    DesiredState plan() {
        return plan(routes());
    }

    /** The kernel's main, lookup and local routes, as the daemon reads them before planning. */
    KernelRoutes routes() {
        return kernel.readRoutes(List.of());
    }

    /** The planner alone (pure). */
    DesiredState plan(KernelRoutes routes) {
        return Planner.plan(new PlanInput(config, states, routes));
    }

    /** Plans from the kernel's current routes and reconciles; fails loudly on any kernel error. */
    DesiredState apply() {
        DesiredState desired = plan();
        check(kernel.reconcile(desired, ownership));
        return desired;
    }

    /** As the daemon does on an event: plan from fresh routes and apply only the nft delta. */
    DesiredState applyQuick() {
        DesiredState desired = plan();
        check(kernel.reconcileQuick(desired, ownership));
        return desired;
    }

    void teardown() {
        check(kernel.reconcile(DesiredState.EMPTY, ownership));
    }

    void close() {
        kernel.close();
    }

    private static void check(ApplyResult r) {
        if (!r.ok()) {
            throw new IllegalStateException("reconcile failed: " + r.failures());
        }
    }
}
