package net.mwan3.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.mwan3.lab.Netns;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.KernelRoutes;
import net.mwan3.plan.NftText;

/**
 * A. Apply time (issue 3.9). The daemon's apply path (read routes, plan, reconcile through
 * {@link net.mwan3.kernel.LinuxKernel}) on a {@link FanLab} router, beside {@code nft -f} loading
 * the very table that apply produced into a fresh, empty namespace. Both sides pay the same
 * {@code ip netns exec} per process, so the ratio compares like with like.
 */
public final class ApplyBench {

    private ApplyBench() {
    }

    public static void main(String[] args) throws IOException {
        Bench b = Bench.from("A", args);
        scale(b, "8 interfaces / 20 rules / 4 policies", new ScaleConfig(8, 20, 4, "0x3F00", FanLab::device, null),
                false);
        scale(b, "250 interfaces (mmx_mask 0xFF00) / 1,000 rules / 100 policies",
                new ScaleConfig(250, 1000, 100, "0xFF00", FanLab::device, null), true);
        b.note("Each of the 250 interfaces has its own veth device (250 pairs, one ip -batch). Full apply = a "
                + "fresh LinuxKernel (no memory, as after a daemon start) planning from the kernel's routes and "
                + "reconciling from nothing: nft table, ip rules and per-interface route tables. One-interface "
                + "change = what the daemon does on that event: read routes, plan, and apply (ip rules and routes "
                + "observed and diffed, only the nft delta from the table applied last) after one interface goes "
                + "offline, interfaces taken offline in turn. Verifying resync = the periodic full reconcile after "
                + "such a change (lists rules, routes and the table, checks the table's shape and takes its "
                + "fingerprint; nothing drifted, so nothing is applied). Plan only = the planner on routes read just "
                + "before (the \"read routes\" row). Anchor = wall time of `ip netns exec NS nft -f "
                + "FILE` with the rendered table (NftText.table) into an empty namespace. Medians.");
    }

    private static void scale(Bench b, String label, ScaleConfig sc, boolean large) throws IOException {
        try (FanLab lab = new FanLab("ap", sc.interfaces()); Netns fresh = new Netns("apf")) {
            String anchorNs = fresh.add("a");
            PlannedRouter pr = new PlannedRouter(sc, lab.router);
            List<Double> full = new ArrayList<>();
            DesiredState desired = null;
            int reps = b.reps(7, 3);
            for (int i = 0; i < reps; i++) {
                pr.restart();
                long t0 = System.nanoTime();
                desired = pr.apply();
                full.add(Bench.millisSince(t0));
                if (i < reps - 1) {
                    pr.teardown();
                }
            }
            List<Double> change = oneInterfaceChanges(b, pr, sc.interfaces());
            List<Double> resync = new ArrayList<>();
            for (int i = 0; i < b.reps(7, 3); i++) {
                pr.online(1, i % 2 == 0);
                pr.applyQuick();
                long t0 = System.nanoTime();
                pr.apply();
                resync.add(Bench.millisSince(t0));
            }
            pr.online(1, true);
            pr.apply();
            List<Double> read = new ArrayList<>();
            List<Double> plan = new ArrayList<>();
            for (int i = 0; i < b.reps(15, 5); i++) {
                long t0 = System.nanoTime();
                KernelRoutes routes = pr.routes();
                read.add(Bench.millisSince(t0));
                long t1 = System.nanoTime();
                pr.plan(routes);
                plan.add(Bench.millisSince(t1));
            }
            pr.teardown();
            String engine = pr.engine();
            pr.close();
            List<Double> anchor = nftLoad(b, fresh, anchorNs, NftText.table(desired.table()));
            double a = Bench.median(anchor);
            double f = Bench.median(full);
            b.row("full apply, " + label, Bench.summary(full, "ms"), Bench.fmt(a, "ms") + " (nft -f)",
                    Bench.ratio(f, a), large ? "≤ 1.5 × nft -f" : "–", large ? Row.verdict(f <= 1.5 * a) : "–");
            double c = Bench.median(change);
            b.row("one-interface change, " + label, Bench.summary(change, "ms"), Bench.fmt(a, "ms") + " (nft -f)",
                    Bench.ratio(c, a), large ? "≤ 20 ms" : "–", large ? Row.verdict(c <= 20) : "–");
            b.row("verifying resync after a change (lists everything; rebuilds only what drifted), " + label,
                    Bench.summary(resync, "ms"), Bench.fmt(a, "ms") + " (nft -f)", Bench.ratio(Bench.median(resync), a),
                    "–", "–");
            b.row("read routes (main, local; both families, over rtnetlink), " + label, Bench.summary(read, "ms"), "–",
                    "–", "–", "–");
            b.row("plan only (pure, no kernel), " + label, Bench.summary(plan, "ms"), "–", "–", "–", "–");
            b.note(label + ": rendered table " + desired.table().chains().size() + " chains, "
                    + NftText.table(desired.table()).lines().count() + " lines; " + desired.rules().size()
                    + " ip rules, " + desired.routes().size() + " routes; nftables through " + engine + ".");
        }
    }

    private static List<Double> oneInterfaceChanges(Bench b, PlannedRouter pr, int n) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < b.reps(15, 5); i++) {
            int k = i % n + 1;
            pr.online(k, false);
            long t0 = System.nanoTime();
            pr.applyQuick();
            out.add(Bench.millisSince(t0));
            pr.online(k, true);
            pr.applyQuick();
        }
        return out;
    }

    private static List<Double> nftLoad(Bench b, Netns fresh, String ns, String table) throws IOException {
        Path file = Files.createTempFile("mwan3-bench", ".nft");
        try {
            Files.writeString(file, table);
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < b.reps(9, 3); i++) {
                long t0 = System.nanoTime();
                fresh.run(ns, "nft", "-f", file.toString()).orThrow();
                out.add(Bench.millisSince(t0));
                fresh.exec(ns, "nft", "delete", "table", "inet", "mwan3");
            }
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
