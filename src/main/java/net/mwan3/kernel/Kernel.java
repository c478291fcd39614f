package net.mwan3.kernel;

import java.util.List;

import net.mwan3.plan.DesiredState;
import net.mwan3.plan.KernelRoutes;

/**
 * The kernel as the reconciler sees it: read what we own, make it equal to a desired state, and
 * read the routes the planner copies. Teardown is {@code reconcile(DesiredState.EMPTY, ownership)}:
 * there is no separate stop path, so leftovers of a crash are cleaned up the same way.
 */
public interface Kernel {

    /** Our ip rules (by {@code ownership}), the routes of our tables and table {@code inet mwan3}. */
    ObservedState observe(Ownership ownership);

    /**
     * Observes, diffs and applies. Never touches a rule or table outside {@code ownership}; a second
     * call with nothing changed issues no mutating command. Failures of independent groups (nft,
     * rules and routes per family) are collected, not thrown.
     *
     * @throws IllegalArgumentException if {@code desired} holds a rule or route outside {@code ownership}
     */
    ApplyResult reconcile(DesiredState desired, Ownership ownership);

    /**
     * Like {@link #reconcile}, for event-driven changes: may trust its memory of what it applied
     * instead of listing everything, as long as a later {@link #reconcile} verifies it.
     */
    default ApplyResult reconcileQuick(DesiredState desired, Ownership ownership) {
        return reconcile(desired, ownership);
    }

    /** Routes of main (254), of the given {@code rt_table_lookup} tables and of local (255), both families. */
    KernelRoutes readRoutes(List<Integer> lookupTables);

    /**
     * The packets counted so far by the named counters of table {@code inet mwan3} (traffic detection
     * samples them), by name; empty when there are none. Cheap: called ten times a second.
     */
    default java.util.Map<String, Long> counters() {
        return java.util.Map.of();
    }

    /** Rejects a desired state that the ownership could not later recognise as ours. */
    static void checkOwned(DesiredState desired, Ownership ownership) {
        desired.rules().stream().filter(r -> !ownership.owns(r)).findFirst().ifPresent(r -> {
            throw new IllegalArgumentException("rule outside ownership: " + r);
        });
        desired.routes().stream().filter(r -> !ownership.ownsTable(r.table())).findFirst().ifPresent(r -> {
            throw new IllegalArgumentException("route outside ownership: " + r);
        });
    }
}
