package net.mwan3.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import net.mwan3.status.StatusSnapshot;

/**
 * {@link Metrics} on a Prometheus registry. Status gauges are taken from the daemon's latest
 * snapshot at scrape time, so a scrape costs nothing on the daemon's main thread and always shows
 * one consistent snapshot. Counters are Micrometer's and thread-safe.
 */
public final class MicrometerMetrics implements Metrics, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MicrometerMetrics.class.getName());

    // The simpleclient flavour of the registry is the dependency the build ships; Micrometer marks
    // it deprecated in favour of the Prometheus 1.x client, with the same text output.
    @SuppressWarnings("deprecation")
    private final io.micrometer.prometheus.PrometheusMeterRegistry registry =
            new io.micrometer.prometheus.PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
    private final Supplier<StatusSnapshot> status;
    private final StatusGauges gauges;
    private final TunnelGauges tunnelGauges;
    private MetricsHttpServer server;

    /** Metrics without a server: {@link #scrape()} renders them (tests, or a caller that serves them itself). */
    public MicrometerMetrics(Supplier<StatusSnapshot> status) {
        this.status = status;
        this.gauges = new StatusGauges(registry);
        this.tunnelGauges = new TunnelGauges(registry);
    }

    /**
     * Serves {@code GET /metrics} on {@code hostport} ({@code host:port}, IPv6 as {@code [addr]:port})
     * until {@link #close()}. Throws IllegalArgumentException for a malformed address and
     * IOException when it cannot bind.
     */
    public static MicrometerMetrics start(String hostport, Supplier<StatusSnapshot> status) throws IOException {
        HostPort where = HostPort.parse(hostport);
        MicrometerMetrics m = new MicrometerMetrics(status);
        try {
            m.server = MetricsHttpServer.start(where, m::scrape);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /** Where the server listens (with the real port when 0 was asked for); null without a server. */
    public InetSocketAddress address() {
        return server == null ? null : server.address();
    }

    /** The Prometheus text exposition (format 0.0.4) of every metric, status read now. */
    public synchronized String scrape() {
        StatusSnapshot s = status.get();
        gauges.update(s);
        tunnelGauges.update(s);
        return registry.scrape();
    }

    @Override
    public void probe(String iface, String method, boolean ok) {
        count(() -> Counter.builder("mwan3.probes").description("Probes of track_ip targets by outcome")
                .tags("interface", iface, "method", method, "result", ok ? "ok" : "failed").register(registry));
    }

    @Override
    public void event(String iface, String action) {
        count(() -> Counter.builder("mwan3.events").description("Interface events (hotplug actions)")
                .tags("interface", iface, "action", action).register(registry));
    }

    @Override
    public void reconcile(boolean ok, int mutations) {
        count(() -> Counter.builder("mwan3.reconciles").description("Reconcile passes by outcome")
                .tags("result", ok ? "ok" : "failed").register(registry));
        if (mutations > 0) {
            guarded(() -> Counter.builder("mwan3.reconcile.mutations")
                    .description("Kernel changes applied by reconcile passes").register(registry).increment(mutations));
        }
    }

    @Override
    public void userScript(String iface, String outcome) {
        count(() -> Counter.builder("mwan3.user.script.calls").description("Calls of the user script by outcome")
                .tags("interface", iface, "result", outcome).register(registry));
    }

    @Override
    public void burst(String iface, String outcome) {
        count(() -> Counter.builder("mwan3.traffic.bursts").description("Probe bursts of traffic detection by outcome")
                .tags("interface", iface, "outcome", outcome).register(registry));
    }

    @Override
    public void applyFailure() {
        count(() -> Counter.builder("mwan3.apply.failures").description("Failed kernel change sets")
                .register(registry));
    }

    private static void count(Supplier<Counter> counter) {
        guarded(() -> counter.get().increment());
    }

    /** A metric must never take the daemon down: a registry error is logged and dropped. */
    private static void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics: {0}", e.toString());
        }
    }

    MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        registry.close();
    }
}
