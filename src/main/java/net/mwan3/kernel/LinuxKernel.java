package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import net.mwan3.model.Family;
import net.mwan3.netlink.ParsedRule;
import net.mwan3.netlink.RouteMessages;
import net.mwan3.netlink.RuleMessages;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.KernelRoutes;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.NftTable;
import net.mwan3.plan.Route;

/**
 * The kernel through rtnetlink for ip rules and routes and through one {@link Nft} engine
 * (libnftables in process, or the nft binary) for table {@code inet mwan3}. Rules and routes are
 * dumped in-process; their changes go to the kernel as one netlink batch, each acknowledged on its
 * own, so one refused change fails alone and names itself. The table changes as one atomic
 * {@code nft -f} transaction.
 *
 * <p>nft idempotence: the listing of our table cannot be compared with the desired table directly
 * (nft rewrites rules when it prints them), so we remember the desired table we applied and, from
 * the first full reconcile after the apply that lists a table of the shape we gave it
 * ({@link NftInventory#holds}: the same chains, rule counts and sets), the fingerprint of that
 * listing. While both still match, nft is left alone; a changed fingerprint or shape (drift) or a
 * changed desired table makes a new transaction. No listing follows an apply: at 1,000 rules it
 * would cost as much as the transaction itself. After a restart there is no memory and the first
 * reconcile re-applies once.
 */
public final class LinuxKernel implements Kernel, AutoCloseable {
    private final Rtnetlink rtnl;
    private final Nft nft;
    private final NftCounters counters = new NftCounters();
    // Guarded by this
    private NftTable lastTable;
    // Guarded by this
    private String lastFingerprint;

    /** @param runner runs the {@code nft} binary */
    public LinuxKernel(Rtnetlink rtnl, CommandRunner runner) {
        this(rtnl, Nft.binary(runner));
    }

    /** @param nft the engine for table inet mwan3, closed with this adapter */
    public LinuxKernel(Rtnetlink rtnl, Nft nft) {
        this.rtnl = rtnl;
        this.nft = nft;
    }

    @Override
    public synchronized ObservedState observe(Ownership ownership) {
        ObservedState ip = observeIp(ownership);
        String listing = listTable();
        return new ObservedState(ip.rules(), ip.routes(), listing == null ? NftInventory.ABSENT : NftJson.inventory(listing));
    }

    /** Our ip rules and the routes of our tables only (the nft inventory is left ABSENT). */
    private ObservedState observeIp(Ownership ownership) {
        List<IpRule> rules = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (Family f : Family.values()) {
            for (ParsedRule r : rtnl.rules(f)) {
                if (r.recognised() && ownership.owns(r.rule())) {
                    rules.add(r.rule());
                }
            }
        }
        Ownership tables = ownership.lookingUp(rules);
        for (Family f : Family.values()) {
            boolean fresh = justRead != null && System.nanoTime() - justReadAt < 250_000_000L;
            List<Route> all = fresh ? justRead.get(f) : allRoutes(f);
            all.stream().filter(r -> tables.ownsTable(r.table())).forEach(routes::add);
        }
        justRead = null;
        return new ObservedState(rules, routes, NftInventory.ABSENT);
    }

    @Override
    public synchronized ApplyResult reconcile(DesiredState desired, Ownership ownership) {
        Kernel.checkOwned(desired, ownership);
        ObservedState observed = observeIp(ownership);
        String text = listTable();
        NftJson.Listing listing = text == null ? null : NftJson.read(text);
        List<KernelException> failures = new ArrayList<>();
        int mutations = applyIp(desired, observed, failures);
        mutations += applyNft(desired.table(), listing, failures);
        return new ApplyResult(mutations, failures);
    }

    /**
     * The reconcile for events: ip rules and routes are observed and diffed as always, but table
     * {@code inet mwan3} is taken to hold what we applied last (no listing, which costs hundreds of
     * milliseconds at scale) and only its differences are applied. Drift inside the table is found
     * by the next full {@link #reconcile} (the daemon's periodic resync), which then rebuilds it.
     */
    @Override
    public synchronized ApplyResult reconcileQuick(DesiredState desired, Ownership ownership) {
        Optional<String> delta = lastTable == null ? Optional.empty() : NftDelta.render(lastTable, desired.table());
        if (delta.isEmpty()) {
            return reconcile(desired, ownership);
        }
        Kernel.checkOwned(desired, ownership);
        List<KernelException> failures = new ArrayList<>();
        int mutations = applyIp(desired, observeIp(ownership), failures);
        if (!delta.get().isEmpty()) {
            CommandResult r = nft.apply(delta.get());
            mutations++;
            if (r.ok()) {
                lastTable = desired.table();
                lastFingerprint = null; // taken by the next full reconcile that lists the shape applied here
            } else {
                failures.add(new KernelException(r));
                lastTable = null; // the table is not what we thought: rebuild next time
            }
        }
        return new ApplyResult(mutations, failures);
    }

    /** The ip side as one netlink batch; returns how many changes were sent. */
    private int applyIp(DesiredState desired, ObservedState observed, List<KernelException> failures) {
        List<Rtnetlink.Change> batch = new ArrayList<>();
        for (IpChanges.Step step : IpChanges.between(desired, observed).steps()) {
            try {
                batch.add(new Rtnetlink.Change(step.command(), encode(step)));
            } catch (IllegalArgumentException e) {
                failures.add(new KernelException(step.command(), 0, e.getMessage()));
            }
        }
        failures.addAll(rtnl.apply(batch));
        return batch.size();
    }

    private byte[] encode(IpChanges.Step step) {
        if (step instanceof IpChanges.DeleteRule d) {
            return RuleMessages.delete(d.rule());
        } else if (step instanceof IpChanges.DeleteRoute d) {
            return RouteMessages.delete(d.route(), rtnl::index);
        } else if (step instanceof IpChanges.ReplaceRoute r) {
            return RouteMessages.replace(r.route(), rtnl::index);
        } else if (step instanceof IpChanges.AddRule a) {
            return RuleMessages.add(a.rule());
        }
        throw new IllegalStateException("unknown step " + step);
    }

    @Override
    public synchronized KernelRoutes readRoutes(List<Integer> lookupTables) {
        List<Route> main = new ArrayList<>();
        List<Route> lookup = new ArrayList<>();
        List<Route> local = new ArrayList<>();
        justRead = new java.util.EnumMap<>(Family.class);
        justReadAt = System.nanoTime();
        for (Family f : Family.values()) {
            List<Route> all = allRoutes(f);
            justRead.put(f, all);
            for (Route r : all) {
                if (r.table() == Route.MAIN) {
                    main.add(r);
                } else if (r.table() == Route.LOCAL) {
                    local.add(r);
                } else if (lookupTables.contains(r.table())) {
                    lookup.add(r);
                }
            }
        }
        return new KernelRoutes(main, lookup, local);
    }

    /**
     * The listing {@link #readRoutes} just made, handed to the observation of the reconcile that
     * follows it (the daemon always reads routes, plans, then reconciles): one listing instead of two.
     * Used once and only within 250 ms, so nothing older than that one reconcile is ever trusted.
     */
    private java.util.Map<Family, List<Route>> justRead;
    private long justReadAt;

    private List<Route> allRoutes(Family f) {
        return rtnl.routes(f);
    }

    /** {@code listing}: of table inet mwan3 just now, null when it does not exist. */
    private int applyNft(NftTable desired, NftJson.Listing listing, List<KernelException> failures) {
        NftInventory inventory = listing == null ? NftInventory.ABSENT : listing.inventory();
        if (listing != null && desired.equals(lastTable)) {
            Set<String> keep = desired.sets().stream().filter(s -> s.policy() == NftSet.Elements.KEEP)
                    .map(NftSet::name).collect(Collectors.toSet());
            String fingerprint = listing.fingerprint(keep);
            if (lastFingerprint == null ? inventory.holds(desired) : fingerprint.equals(lastFingerprint)) {
                lastFingerprint = fingerprint;
                return 0;
            }
        }
        String script = NftScript.render(desired, inventory);
        if (script.isEmpty()) {
            return 0;
        }
        CommandResult r = nft.apply(script);
        if (!r.ok()) {
            failures.add(new KernelException(r));
            return 1;
        }
        lastTable = desired;
        lastFingerprint = null; // taken by the next full reconcile that lists the shape applied here
        return 1;
    }

    /** The JSON listing of our table, or null when it does not exist. */
    private String listTable() {
        CommandResult r = nft.list(true, "table", NftTable.FAMILY, NftTable.NAME);
        if (r.ok()) {
            return r.stdout();
        }
        if (new KernelException(r).isNotFound()) {
            return null;
        }
        throw new KernelException(r);
    }

    /** Read over nf_tables netlink on the caller's thread (the daemon's main thread), not through {@code nft}. */
    @Override
    public java.util.Map<String, Long> counters() {
        synchronized (counters) {
            return counters.read();
        }
    }

    /** Which nftables engine applies the table ({@link Nft#describe}). */
    public String nftEngine() {
        return nft.describe();
    }

    /** Closes the rtnetlink socket and the nftables engine. */
    @Override
    public void close() {
        rtnl.close();
        nft.close();
        synchronized (counters) {
            counters.close();
        }
    }
}
