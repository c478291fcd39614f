package net.mwan3.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.config.Mwan3Config;
import net.mwan3.kernel.ApplyResult;
import net.mwan3.kernel.Kernel;
import net.mwan3.kernel.KernelException;
import net.mwan3.kernel.LinkReader;
import net.mwan3.kernel.Ownership;
import net.mwan3.metrics.Metrics;
import net.mwan3.model.IfaceState;
import net.mwan3.model.LinkInfo;
import net.mwan3.model.NetifdInterface;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.PlanInput;
import net.mwan3.plan.Planner;
import net.mwan3.status.StatusSnapshot;
import net.mwan3.ubus.NetifdWatch;

/**
 * mwan3d's core: one thread ({@code mwan3-main}) owns every piece of runtime state. Triggers —
 * link events, tracker transitions, control commands, reloads, the periodic resync — only post
 * work to it and mark it dirty; {@link #reconcile()} then re-reads the kernel, plans and applies,
 * so bursts coalesce into one apply and a lost event is repaired by the next resync. A failed apply
 * keeps the last good state and is retried with capped exponential backoff.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    /** Periodic reconcile: ip rules and routes observed and repaired; table inet mwan3 trusted from memory. */
    static final Duration RESYNC = Duration.ofSeconds(30);
    /** Every this many resyncs, the table is listed and verified too (a full reconcile). */
    static final int VERIFY_EVERY = 10;
    /** How long a reader waits for the main thread to build the status before taking the last one. */
    private static final long STATUS_WAIT_MS = 1000;
    private static final long MAX_BACKOFF_MS = 30_000;

    private volatile Thread mainThread;
    final ScheduledExecutorService main = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mwan3-main");
        t.setDaemon(true);
        mainThread = t;
        return t;
    });
    final Clock clock;
    final Kernel kernel;
    private final LinkReader links;
    final Events events;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean fullNeeded = new AtomicBoolean();
    private volatile boolean reconciling;
    private int resyncs;
    private final Trackers trackers;
    private final TrafficSampler sampler;
    final Tunnels tunnels = new Tunnels(this::markDirty);
    /**
     * For a device: whether it is a tunnel's WireGuard interface with a live path (empty: not a tunnel's). Main
     * thread; tests script it.
     */
    volatile java.util.function.Function<String, java.util.Optional<Boolean>> tunnelCarrier = tunnels::carrier;

    // Confined to the main thread.
    Mwan3Config config;
    final Map<String, Iface> ifaces = new LinkedHashMap<>();
    private long backoffMs;
    private boolean stopped;
    /** The input of the last plan the kernel took (null before the first): what status may call online. */
    PlanInput lastApplied;
    DesiredState lastDesired = DesiredState.EMPTY;
    final NetifdView netifd = new NetifdView();

    private volatile StatusSnapshot status = StatusSnapshot.EMPTY;
    volatile Metrics metrics = Metrics.NONE;
    volatile UseCgroups cgroups = UseCgroups.none();
    /** What we may have left in the kernel (main thread only); Main replaces it with the state dir's file. */
    OwnershipJournal journal = OwnershipJournal.inMemory();
    /** Told of each config a reload swaps in (main thread): what lives outside the daemon follows it. */
    java.util.function.Consumer<Mwan3Config> onReload = next -> { };

    Daemon(Mwan3Config config, Kernel kernel, LinkReader links, Events events, Trackers.Factory trackers, Clock clock) {
        this.config = config;
        this.kernel = kernel;
        this.links = links;
        this.events = events;
        this.clock = clock;
        this.trackers = trackers.create(this);
        this.sampler = new TrafficSampler(this, this.trackers);
        config.interfaces().forEach(i -> ifaces.put(i.name(), new Iface(i)));
    }

    /** Starts the periodic resync and the first reconcile. */
    void start() {
        main.scheduleWithFixedDelay(this::periodic, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
        resync();
    }

    private void periodic() {
        if (++resyncs % VERIFY_EVERY == 0) {
            resync();
        } else {
            markDirty();
        }
    }

    /** A reconcile that lists and verifies everything we own (periodic, after failures, at start). */
    void resync() {
        fullNeeded.set(true);
        markDirty();
    }

    /** Any thread: something may have changed; one reconcile will run soon on the main thread. */
    public void markDirty() {
        if (pending.compareAndSet(false, true)) {
            main.execute(this::reconcile);
        }
    }

    /**
     * The status as of now, for any thread. It is built on demand (a build walks the whole config;
     * nobody reads most of the states tracker rounds go through), on the main thread, which owns the
     * state; while a reconcile is pending or running, the one it last published is returned: the
     * routing the newer state asks for is not applied yet.
     */
    public StatusSnapshot status() {
        if (Thread.currentThread() == mainThread) {
            return statusNow();
        }
        if (pending.get() || reconciling) {
            return status;
        }
        try {
            return main.submit(this::statusNow).get(STATUS_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return status;
        }
    }

    /** Main thread: a snapshot of now, or the last one published while a reconcile is pending. */
    private StatusSnapshot statusNow() {
        publishStatus();
        return status;
    }

    private void reconcile() {
        pending.set(false);
        if (stopped) {
            return;
        }
        reconciling = true;
        try {
            reconcileNow();
        } finally {
            reconciling = false;
        }
    }

    private void reconcileNow() {
        long start = System.nanoTime();
        try {
            refreshLinks();
            long linksDone = System.nanoTime();
            PlanInput in = new PlanInput(config, states(),
                    kernel.readRoutes(config.globals().rtTableLookup()),
                    cgroups.ensure(config.enabledInterfaces().stream().map(InterfaceConfig::name).toList()));
            long routesDone = System.nanoTime();
            DesiredState desired = Planner.plan(in);
            journal.beforeApply(desired, config);
            Ownership ownership = journal.ownership(config);
            ApplyResult result = fullNeeded.getAndSet(false) ? kernel.reconcile(desired, ownership)
                    : kernel.reconcileQuick(desired, ownership);
            journal.afterApply(result.ok(), desired, config);
            long applied = System.nanoTime();
            metrics.reconcile(result.ok(), result.mutations());
            if (result.ok()) {
                lastDesired = desired;
                lastApplied = in;
                events.flushPending();
                tunnels.sync(config);
                tunnels.wanStates(ifaces.values().stream().collect(Collectors.toMap(Iface::name, Iface::routable)));
                backoffMs = 0;
                if (result.mutations() > 0) {
                    LOG.info(() -> String.format("applied %d change(s) in %d ms (links %d, routes %d, apply %d)",
                            result.mutations(), (applied - start) / 1_000_000, (linksDone - start) / 1_000_000,
                            (routesDone - linksDone) / 1_000_000, (applied - routesDone) / 1_000_000));
                }
            } else {
                result.failures().forEach(f -> {
                    LOG.log(Level.WARNING, "apply failed: {0}", f.getMessage());
                    metrics.applyFailure();
                });
                retryLater();
            }
        } catch (KernelException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "reconcile failed: {0}", e.getMessage());
            metrics.reconcile(false, 0);
            metrics.applyFailure();
            retryLater();
        }
        status = StatusBuilder.build(this);
        sampler.update();
    }

    /**
     * Whether the kernel holds the interface as routable: its rules and policy shares were applied
     * with it online. Status says online only then, never ahead of the apply (or while it fails).
     */
    boolean appliedOnline(String iface) {
        return lastApplied != null && lastApplied.state(iface).online();
    }

    /**
     * Rebuilds the status snapshot from the current state (main thread), unless a reconcile is
     * pending: that one publishes once the routing it changes is applied.
     */
    void publishStatus() {
        if (!pending.get()) {
            status = StatusBuilder.build(this);
        }
    }

    private void retryLater() {
        backoffMs = backoffMs == 0 ? 250 : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        main.schedule(this::resync, backoffMs, TimeUnit.MILLISECONDS);
    }

    Map<String, IfaceState> states() {
        Map<String, IfaceState> out = new HashMap<>();
        ifaces.forEach((n, i) -> out.put(n, i.state()));
        return out;
    }

    /**
     * Reads devices; interfaces whose "up" changed get their ifup/ifdown handling now. An interface
     * netifd knows is up while netifd has it up on an existing layer-3 device with an address of its
     * family (carrier is netifd's business); any other while its device is up with carrier and an
     * address, as on a plain Linux host.
     */
    private void refreshLinks() {
        Map<String, LinkInfo> now = links.read();
        Instant t = clock.instant();
        for (Iface i : ifaces.values()) {
            if (!i.config.enabled()) {
                continue;
            }
            boolean wasUp = i.up();
            NetifdInterface n = netifd.get(i.name());
            if (n != null) {
                LinkInfo l = n.l3Device() == null ? null : now.get(n.l3Device());
                String source = l == null ? null : l.address(i.config.family());
                i.source = source != null ? source : n.address(i.config.family());
                i.linkUp = n.up() && l != null && i.source != null;
                i.device = n.l3Device();
            } else {
                LinkInfo l = now.get(i.config.device());
                i.linkUp = l != null && l.upFor(i.config.family());
                i.device = l == null ? null : l.device();
                i.source = l == null ? null : l.address(i.config.family());
            }
            if (i.linkUp && i.device != null && !tunnelCarrier.apply(i.device).orElse(true)) {
                i.linkUp = false; // a tunnel's WireGuard device with no live path: down, though the link says up
            }
            // Followed over ubus, netifd's uptime is the interface's (as mwan3's status reports it).
            Instant since = netifd.upSince(n);
            if (!wasUp && i.up()) {
                ifup(i, since != null ? since : t);
            } else if (wasUp && !i.up()) {
                ifdown(i, t);
            } else if (i.up() && since != null) {
                i.upSince = since;
            }
        }
    }

    /** The ubus thread's door: netifd's view, and the end of a ubus session, handed to the main thread. */
    NetifdWatch.Sink netifdSink() {
        return new NetifdWatch.Sink() {
            @Override
            public void netifd(Map<String, NetifdInterface> view) {
                post(() -> followNetifd(view));
            }

            @Override
            public void lost() {
                post(Daemon.this::netifdLost);
            }
        };
    }

    private void post(Runnable r) {
        try {
            main.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.fine("daemon stopping: netifd update dropped");
        }
    }

    /** A fresh view from netifd: interfaces it brought up since the last one also end a manual ifdown. */
    void followNetifd(Map<String, NetifdInterface> view) {
        if (stopped) {
            return;
        }
        for (String name : netifd.follow(view, clock.instant())) {
            Iface i = ifaces.get(name);
            if (i != null) {
                i.manualDown = false;
            }
        }
        markDirty();
    }

    void netifdLost() {
        netifd.lost();
    }

    /**
     * {@code mwan3 hotplug ACTION INTERFACE [DEVICE]} from the hotplug.d hook: while netifd is not
     * followed over ubus, the event itself is netifd's word (an ifdown takes the interface out even if
     * its device keeps address and carrier); either way an ifup ends a manual ifdown, as in mwan3.
     */
    void hotplug(String action, String name, String device) {
        Iface i = ifaces.get(name);
        if (i == null) {
            return;
        }
        netifd.hotplug(action, name, device);
        if (action.equals("ifup")) {
            i.manualDown = false;
        }
        markDirty();
    }

    private void ifup(Iface i, Instant t) {
        i.upSince = t;
        LOG.info(() -> "interface " + i.name() + " (" + i.device + ") is up");
        events.fire(i, "ifup", false);
        metrics.event(i.name(), "ifup");
        trackers.ifup(i, t);
    }

    private void ifdown(Iface i, Instant t) {
        i.upSince = null;
        LOG.info(() -> "interface " + i.name() + " is down");
        trackers.ifdown(i, t);
        events.fire(i, "ifdown", false);
        metrics.event(i.name(), "ifdown");
    }

    /** {@code mwan3 ifdown}: routing state goes at once, until {@code mwan3 ifup} or the link returns. */
    void manualDown(Iface i) {
        boolean wasUp = i.up();
        i.manualDown = true;
        if (wasUp) {
            ifdown(i, clock.instant());
        }
        markDirty();
    }

    /** {@code mwan3 ifup}: clears a manual ifdown; false when the link itself is not up. */
    boolean manualUp(Iface i) {
        boolean wasUp = i.up();
        i.manualDown = false;
        if (!wasUp && i.up()) {
            ifup(i, clock.instant());
        }
        markDirty();
        return i.linkUp;
    }

    /** Swaps in a validated config: unchanged interfaces keep their trackers; then one reconcile. */
    void reload(Mwan3Config next) {
        Map<String, Iface> old = new LinkedHashMap<>(ifaces);
        ifaces.clear();
        Instant t = clock.instant();
        for (InterfaceConfig ic : next.interfaces()) {
            Iface prev = old.remove(ic.name());
            if (prev != null && prev.config.equals(ic)) {
                ifaces.put(ic.name(), prev);
                continue;
            }
            if (prev != null && prev.up()) {
                trackers.ifdown(prev, t);
            }
            ifaces.put(ic.name(), new Iface(ic));
        }
        old.values().stream().filter(Iface::up).forEach(i -> trackers.ifdown(i, t));
        config = next; // what the old config applied stays owned through the journal until removed
        onReload.accept(next);
        LOG.info("configuration reloaded");
        markDirty();
    }

    /** {@code mwan3 internal}'s daemon section: where each interface's "up" comes from and what it is (main thread). */
    KernelDump.View internalView() {
        net.mwan3.model.MarkMask m = config.globals().mmxMask();
        Map<Long, String> marks = new LinkedHashMap<>();
        StringBuilder sb = new StringBuilder("netifd: ").append(netifd.followed() ? "followed over ubus"
                : netifd.empty() ? "not heard from (devices decide \"up\")"
                : "not followed now; its last word (ubus or hotplug.d) stands").append('\n');
        for (Iface i : ifaces.values()) {
            long mark = m.id2mask(i.config.id());
            marks.put(mark, i.name());
            NetifdInterface n = netifd.get(i.name());
            sb.append(" interface ").append(i.name()).append(" (id ").append(i.config.id()).append(", mark ")
                    .append(net.mwan3.model.MarkMask.hex(mark)).append("): ");
            if (!i.config.enabled()) {
                sb.append("disabled\n");
                continue;
            }
            sb.append(i.up() ? "up" : "down").append(", by ")
                    .append(n != null ? "netifd (" + (n.up() ? "up" : "down") + ")" : "device " + i.config.device())
                    .append(", device ").append(i.device == null ? "-" : i.device).append(", source ")
                    .append(i.source == null ? "-" : i.source);
            if (i.manualDown) {
                sb.append(", mwan3 ifdown");
            }
            sb.append(", ").append(i.tracked() ? "tracker " + i.trackerState().word() : "not tracked")
                    .append(i.routable() ? ", in use" : ", not in use").append('\n');
        }
        if (lastApplied == null) {
            sb.append("nothing applied yet\n");
        }
        return new KernelDump.View(sb.toString(), m, marks);
    }

    /** Removes every kernel object we own (teardown = reconcile to empty). */
    ApplyResult teardown() {
        ApplyResult r = kernel.reconcile(DesiredState.EMPTY, journal.ownership(config));
        journal.afterApply(r.ok(), DesiredState.EMPTY, config);
        return r;
    }

    /** Stops trackers and tears down; runs on the main thread. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        sampler.stop();
        Instant t = clock.instant();
        ifaces.values().stream().filter(Iface::up).forEach(i -> trackers.ifdown(i, t));
        tunnels.close();
        netifd.close();
        ApplyResult r = teardown();
        r.failures().forEach(f -> LOG.log(Level.WARNING, "teardown: {0}", f.getMessage()));
        cgroups.removeAll(ifaces.keySet());
        LOG.info("stopped; kernel state removed");
    }

    List<Iface> interfaces() {
        return List.copyOf(ifaces.values());
    }

    @Override
    public void close() {
        try {
            main.submit(this::stop).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.WARNING, "stop failed: {0}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        trackers.close();
        events.close();
        main.shutdownNow();
    }
}
