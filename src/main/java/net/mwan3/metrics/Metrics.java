package net.mwan3.metrics;

/**
 * The daemon's counters. Every method defaults to doing nothing, so the daemon calls them
 * unconditionally and pays nothing while metrics are off ({@code metrics_listen} unset).
 * Implementations must be safe to call from any thread and must never throw.
 */
public interface Metrics {

    /** The implementation used while metrics are off. */
    Metrics NONE = new Metrics() {
    };

    /** One probe of one target finished; {@code method} is the track_method that ran. */
    default void probe(String iface, String method, boolean ok) {
    }

    /** A hotplug-style event ({@code ifup}, {@code connected}, ...) happened on an interface. */
    default void event(String iface, String action) {
    }

    /** A reconcile pass ended; {@code mutations} is how many kernel changes it applied. */
    default void reconcile(boolean ok, int mutations) {
    }

    /**
     * A call of the user script ended: {@code ran}, {@code failed}, {@code timeout}, {@code refused}
     * (unsafe owner or mode) or {@code superseded} (dropped for a later event before it ran).
     */
    default void userScript(String iface, String outcome) {
    }

    /**
     * Traffic detection on an interface: a probe burst {@code started} (its traffic got no reply), was
     * {@code confirmed} (the burst failed too: the interface goes down) or {@code cleared} (it answered).
     */
    default void burst(String iface, String outcome) {
    }

    /** Applying a change set to the kernel failed (it will be retried with backoff). */
    default void applyFailure() {
    }
}
