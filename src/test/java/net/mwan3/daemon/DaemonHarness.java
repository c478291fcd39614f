package net.mwan3.daemon;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import net.mwan3.config.ConfigLoader;
import net.mwan3.config.ConfigResult;
import net.mwan3.config.Mwan3Config;
import net.mwan3.kernel.ApplyResult;
import net.mwan3.kernel.CommandResult;
import net.mwan3.kernel.CommandRunner;
import net.mwan3.kernel.FakeKernel;
import net.mwan3.kernel.Kernel;
import net.mwan3.kernel.KernelException;
import net.mwan3.model.Family;
import net.mwan3.model.LinkInfo;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.KernelRoutes;
import net.mwan3.plan.Route;
import net.mwan3.track.ProbeOutcome;

/**
 * A daemon on the strict fake kernel with scripted links and probes. Real threads and short
 * intervals; {@link #await} waits for a condition (no timing assertions).
 */
final class DaemonHarness implements AutoCloseable {
    final FakeKernel kernel = new FakeKernel();
    /** While true, every apply fails before touching the fake kernel (a kernel refusing our changes). */
    final java.util.concurrent.atomic.AtomicBoolean applyFails = new java.util.concurrent.atomic.AtomicBoolean();
    /** device → {adminUp&carrier, has address}. */
    final Map<String, Boolean> carrier = new ConcurrentHashMap<>();
    /** target → answers. */
    final Map<String, Boolean> targets = new ConcurrentHashMap<>();
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final Daemon daemon;
    final Commands commands;

    DaemonHarness(String uci) {
        this(uci, false);
    }

    DaemonHarness(String uci, boolean applyFailsAtStart) {
        this(uci, applyFailsAtStart, k -> k);
    }

    /** {@code wrap} puts something between the daemon and the fake kernel (a gate, a fault). */
    DaemonHarness(String uci, java.util.function.UnaryOperator<Kernel> wrap) {
        this(uci, false, wrap);
    }

    private DaemonHarness(String uci, boolean applyFailsAtStart, java.util.function.UnaryOperator<Kernel> wrap) {
        applyFails.set(applyFailsAtStart);
        Mwan3Config config = config(uci);
        kernel.replaceRoute(new Route(Family.IPV4, Route.MAIN, "unicast", "default", "198.51.100.1", "eth1",
                "static", null, null, 10));
        kernel.replaceRoute(new Route(Family.IPV4, Route.MAIN, "unicast", "default", "198.51.100.65", "eth2",
                "static", null, null, 20));
        carrier.put("eth1", true);
        carrier.put("eth2", true);
        Events ev = new Events(null, null, () -> config.globals().mmxMask()) {
            @Override
            void fire(Iface i, String action, boolean firstConnect) {
                events.add(i.name() + " " + action + (firstConnect ? " first" : ""));
            }
        };
        Trackers.ProbeFunction probes = (iface, target) -> CompletableFuture.completedFuture(
                targets.getOrDefault(target, true) ? ProbeOutcome.succeeded() : ProbeOutcome.failed());
        daemon = new Daemon(config, wrap.apply(new Kernel() {
            @Override
            public net.mwan3.kernel.ObservedState observe(net.mwan3.kernel.Ownership ownership) {
                return kernel.observe(ownership);
            }

            @Override
            public ApplyResult reconcile(DesiredState desired, net.mwan3.kernel.Ownership ownership) {
                return applyFails.get() ? new ApplyResult(0, List.of(new KernelException("nft: injected failure")))
                        : kernel.reconcile(desired, ownership);
            }

            @Override
            public KernelRoutes readRoutes(List<Integer> lookupTables) {
                return kernel.readRoutes(lookupTables);
            }

            @Override
            public Map<String, Long> counters() {
                return kernel.counters();
            }
        }), this::links, ev, d -> new Trackers(d, probes), Clock.systemUTC());
        commands = new Commands(daemon, java.nio.file.Path.of("/nonexistent"), (argv, stdin) ->
                new CommandResult(argv, 1, "", "not in tests"), () -> { });
        daemon.start();
    }

    static Mwan3Config config(String uci) {
        ConfigResult r = ConfigLoader.fromText("test", uci);
        if (r.hasErrors()) {
            throw new IllegalArgumentException(r.problems().toString());
        }
        return r.config();
    }

    private Map<String, LinkInfo> links() {
        Map<String, LinkInfo> out = new java.util.LinkedHashMap<>();
        new java.util.TreeMap<>(carrier).forEach((dev, up) -> out.put(dev, new LinkInfo(dev, true, up,
                List.of("198.51.100." + (dev.equals("eth1") ? 2 : 66)), List.of())));
        return out;
    }

    /** Waits up to 10 s for {@code cond}, nudging the daemon; fails with {@code what}. */
    void await(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (onMain(cond::getAsBoolean)) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError("timed out waiting for: " + what + "\nevents: " + events + "\nkernel:\n"
                + kernel.dump());
    }

    <T> T onMain(java.util.concurrent.Callable<T> c) {
        try {
            return daemon.main.submit(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String request(String... args) {
        Reply r = commands.apply(List.of(args));
        return r.exitCode() + ":" + r.text();
    }

    @Override
    public void close() {
        daemon.close();
    }
}
