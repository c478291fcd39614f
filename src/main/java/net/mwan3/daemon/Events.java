package net.mwan3.daemon;

import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.alert.UserScript;
import net.mwan3.kernel.Conntrack;
import net.mwan3.kernel.KernelException;
import net.mwan3.model.MarkMask;

/**
 * What happens on an interface event besides routing: the log line, the user script, and deleting
 * the interface's conntrack entries when its {@code flush_conntrack} lists the action (the schema's
 * default is {@code ifdown} and {@code disconnected}: flows of a dead WAN move at once; see
 * docs/compat.md).
 */
class Events implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("mwan3d");

    private final UserScript script;
    private final Conntrack conntrack;
    private final MarkMaskSource mask;
    /** Interface id → "name action" awaiting a flush (main thread only). */
    private final java.util.Map<Integer, String> pendingFlush = new java.util.TreeMap<>();

    /** Where the current mask comes from (it changes only on reload). */
    interface MarkMaskSource {
        MarkMask get();
    }

    Events(UserScript script, Conntrack conntrack, MarkMaskSource mask) {
        this.script = script;
        this.conntrack = conntrack;
        this.mask = mask;
    }

    void fire(Iface i, String action, boolean firstConnect) {
        LOG.info(() -> "interface " + i.name() + ": " + action + (firstConnect ? " (first connect)" : ""));
        if (script != null) {
            script.fire(action, i.name(), i.device, firstConnect);
        }
        if (i.config.flushConntrack().stream().anyMatch(a -> a.uci().equals(action))) {
            pendingFlush.put(i.config.id(), i.name() + " " + action);
        }
    }

    /**
     * Deletes the conntrack entries of interfaces whose event asked for it. Called after the new
     * policies are applied: flushing earlier would let the next packet of a flow be classified by the
     * old policy, onto the dead WAN again.
     */
    void flushPending() {
        if (conntrack == null) {
            pendingFlush.clear();
            return;
        }
        pendingFlush.forEach(this::flush);
        pendingFlush.clear();
    }

    private void flush(int id, String what) {
        MarkMask m = mask.get();
        try {
            int n = conntrack.deleteByMark(m.id2mask(id), m.mask());
            if (n > 0) {
                LOG.info(() -> "interface " + what + ": deleted " + n + " conntrack entries");
            }
        } catch (KernelException e) {
            LOG.log(Level.WARNING, "conntrack flush for {0} failed: {1}", new Object[] {what, e.getMessage()});
        }
    }

    @Override
    public void close() {
        if (script != null) {
            script.close();
        }
    }
}
