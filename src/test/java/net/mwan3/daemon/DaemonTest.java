package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class DaemonTest {
    static final String TWO_WANS = String.join("\n",
            "config interface 'wan'", "\toption enabled '1'", "\toption device 'eth1'",
            "\tlist track_ip '203.0.113.1'", "\toption interval '0.05'", "\toption timeout '0.05'",
            "\toption up '2'", "\toption down '2'",
            "config interface 'wanb'", "\toption enabled '1'", "\toption device 'eth2'",
            "config member 'wan_m1'", "\toption interface 'wan'", "\toption weight '3'",
            "config member 'wanb_m1'", "\toption interface 'wanb'", "\toption weight '2'",
            "config policy 'balanced'", "\tlist use_member 'wan_m1'", "\tlist use_member 'wanb_m1'",
            "config rule 'all'", "\toption dest_ip '0.0.0.0/0'", "\toption use_policy 'balanced'", "");

    private static String balanced(DaemonHarness h) {
        return String.join("\n", h.kernel.chainRules("mwan3_policy_balanced_ipv4"));
    }

    @Test
    void startsRoutingOverBothWans() {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.await("both WANs in the policy", () -> balanced(h).contains("numgen random mod 5"));
            String dump = h.kernel.dump();
            assertTrue(dump.contains("pref 1001 iif eth1 lookup 1"), dump);
            assertTrue(dump.contains("pref 2002 fwmark 0x200/0x3f00 lookup 2"), dump);
            assertTrue(h.events.contains("wan ifup") && h.events.contains("wan connected first"), h.events.toString());
            String text = h.request("interfaces");
            assertTrue(text.startsWith("0:Interface status:\n interface wan is online and tracking is active (online 00h:00m:"),
                    text);
            assertTrue(text.contains(" interface wanb is online and tracking is disabled (online "), text);
        }
    }

    @Test
    void failedProbesTakeTheWanOutAfterDownRoundsAndBringItBack() {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.await("started", () -> balanced(h).contains("numgen"));
            h.targets.put("203.0.113.1", false);
            h.await("wan out of the policy", () -> balanced(h).equals("jump mwan3_mark_2"));
            assertTrue(h.events.contains("wan disconnecting") && h.events.contains("wan disconnected"), h.events.toString());
            assertTrue(h.kernel.dump().contains("pref 1001 iif eth1 lookup 1"), "rules stay while the link is up");
            assertTrue(h.request("interfaces").contains(" interface wan is offline and tracking is active\n"));
            h.targets.put("203.0.113.1", true);
            h.await("wan back", () -> balanced(h).contains("numgen"));
            assertTrue(h.events.contains("wan connecting") && h.events.contains("wan connected"), h.events.toString());
        }
    }

    @Test
    void carrierLossIsAnImmediateIfdown() {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.await("started", () -> balanced(h).contains("numgen"));
            h.carrier.put("eth2", false);
            h.daemon.markDirty();
            h.await("wanb gone", () -> !h.kernel.dump().contains("iif eth2"));
            assertEquals("jump mwan3_mark_1", balanced(h));
            assertTrue(h.events.contains("wanb ifdown"), h.events.toString());
            String text = h.request("interfaces");
            assertTrue(text.contains(" interface wanb is offline and tracking is disabled (31)\n"), text);
            h.carrier.put("eth2", true);
            h.daemon.markDirty();
            h.await("wanb back", () -> balanced(h).contains("numgen"));
        }
    }

    /**
     * A tunnel's WireGuard device never loses its carrier: when the relay says its last path died, the daemon
     * takes the interface down itself, on the relay's call, and brings it back with the first live path.
     */
    @Test
    void aTunnelDeviceWithoutALivePathIsHeldDown() {
        java.util.concurrent.atomic.AtomicBoolean live = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.daemon.tunnelCarrier = d -> d.equals("eth2") ? java.util.Optional.of(live.get())
                    : java.util.Optional.empty();
            h.await("started", () -> balanced(h).contains("numgen"));
            live.set(false);
            h.daemon.markDirty(); // what the relay's carrier callback does
            h.await("wanb held down", () -> !h.kernel.dump().contains("iif eth2"));
            assertTrue(h.events.contains("wanb ifdown"), h.events.toString());
            live.set(true);
            h.daemon.markDirty();
            h.await("wanb back", () -> balanced(h).contains("numgen"));
        }
    }

    /**
     * A kernel that refuses (EPERM for a missing capability, EBUSY) is retried with the same capped
     * exponential backoff as any failed apply — 250 ms, 500 ms, 1 s: three attempts in the first
     * 1.6 s, neither one (no retry) nor dozens (no backoff) — and nothing is half-changed meanwhile.
     */
    @Test
    void aKernelThatRefusesIsRetriedWithBackoffUntilItAccepts() {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.await("started", () -> balanced(h).contains("numgen"));
            h.kernel.refuse(1, "Operation not permitted");
            h.carrier.put("eth2", false);
            h.daemon.markDirty();
            h.await("a refused reconcile", () -> h.kernel.refusedReconciles() >= 1);
            DaemonHarness.sleep(1600);
            int attempts = h.kernel.refusedReconciles();
            assertTrue(attempts >= 2 && attempts <= 6, "refused reconciles in 1.6 s: " + attempts);
            assertTrue(h.kernel.dump().contains("iif eth2"), "the refused rule delete did not happen");
            h.kernel.refuse(0, null);
            h.await("wanb's rules gone once the kernel accepts", () -> !h.kernel.dump().contains("iif eth2"));
        }
    }

    @Test
    void manualIfdownAndIfupActAtOnce() {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.await("started", () -> balanced(h).contains("numgen"));
            assertEquals("0:", h.request("ifdown", "wan"));
            h.await("wan removed", () -> !h.kernel.dump().contains("iif eth1"));
            assertEquals("0:", h.request("ifup", "wan"));
            h.await("wan restored", () -> h.kernel.dump().contains("iif eth1"));
            assertTrue(h.request("ifup", "nosuch").startsWith("1:"));
            assertTrue(h.request("ifup").startsWith("2:"));
        }
    }

    @Test
    void statusJsonHasMwan3sShapeAndCorrectPercentages() {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.await("started", () -> balanced(h).contains("numgen"));
            h.await("status published", () -> h.daemon.status().policies().values().stream()
                    .anyMatch(l -> !l.isEmpty() && !l.get(0).members().isEmpty()));
            String json = h.request("status", "--json");
            assertTrue(json.contains("\"policies\" : {\n    \"ipv4\" : {\n      \"balanced\" : [ {\n        \"interface\" : \"wanb\",\n        \"percent\" : 40\n"), json);
            assertTrue(json.contains("\"interface\" : \"wan\",\n        \"percent\" : 60"), json);
            assertTrue(json.contains("\"tracking\" : \"active\""), json);
            assertTrue(h.request("status", "--json", "bogus").startsWith("2:"));
            String policies = h.request("policies");
            assertTrue(policies.contains("balanced:\n wanb (40%)\n wan (60%)\n"), policies);
        }
    }

    @Test
    void burstsOfConcurrentCommandsEndInTheStateOfTheLastOne() throws Exception {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.await("started", () -> balanced(h).contains("numgen"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<String>> results = new ArrayList<>();
            for (int k = 0; k < 200; k++) {
                String cmd = k % 2 == 0 ? "ifdown" : "ifup";
                results.add(pool.submit(() -> h.request(cmd, "wanb")));
            }
            for (Future<String> f : results) {
                assertTrue(f.get().startsWith("0:"));
            }
            pool.shutdown();
            assertEquals("0:", h.request("ifdown", "wanb"));
            h.await("last command wins", () -> !h.kernel.dump().contains("iif eth2")
                    && balanced(h).equals("jump mwan3_mark_1"));
            int before = h.kernel.mutations();
            h.daemon.markDirty();
            h.await("idle reconcile", () -> true);
            DaemonHarness.sleep(100);
            h.await("still idle", () -> true);
            assertEquals(before, h.kernel.mutations(), "a reconcile with nothing changed issues no command");
        }
    }

    @Test
    void planPrintsTheNftScriptAndIpCommands() {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.await("started", () -> balanced(h).contains("numgen"));
            String plan = h.request("plan");
            assertTrue(plan.startsWith("0:table inet mwan3 {\n"), plan);
            assertTrue(plan.contains("ip -4 rule add pref 2002 fwmark 0x200/0x3f00 lookup 2\n"), plan);
            assertTrue(plan.contains("ip -4 route replace default via 198.51.100.65 dev eth2 proto static metric 20 table 2"),
                    plan);
        }
    }

    @Test
    void malformedRequestsNeverHarmTheDaemon() {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS)) {
            h.await("started", () -> balanced(h).contains("numgen"));
            assertTrue(h.request("").startsWith("2:"));
            assertTrue(h.request("frobnicate").startsWith("2:"));
            assertTrue(h.request("ifdown", "a", "b").startsWith("2:"));
            assertFalse(h.request("interfaces").startsWith("1:"));
        }
    }

    /** A kernel whose reconciles wait at a gate while it is closed; says when one is waiting. */
    static final class GatedKernel implements net.mwan3.kernel.Kernel {
        private final net.mwan3.kernel.Kernel kernel;
        final java.util.concurrent.Semaphore waiting = new java.util.concurrent.Semaphore(0);
        private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);

        GatedKernel(net.mwan3.kernel.Kernel kernel) {
            this.kernel = kernel;
        }

        void close() {
            gate = new java.util.concurrent.CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        private void pass() {
            java.util.concurrent.CountDownLatch g = gate;
            if (g.getCount() > 0) {
                waiting.release();
                try {
                    assertTrue(g.await(10, java.util.concurrent.TimeUnit.SECONDS), "gate never opened");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public net.mwan3.kernel.ObservedState observe(net.mwan3.kernel.Ownership o) {
            return kernel.observe(o);
        }

        @Override
        public net.mwan3.kernel.ApplyResult reconcile(net.mwan3.plan.DesiredState d, net.mwan3.kernel.Ownership o) {
            pass();
            return kernel.reconcile(d, o);
        }

        @Override
        public net.mwan3.kernel.ApplyResult reconcileQuick(net.mwan3.plan.DesiredState d, net.mwan3.kernel.Ownership o) {
            pass();
            return kernel.reconcileQuick(d, o);
        }

        @Override
        public net.mwan3.plan.KernelRoutes readRoutes(List<Integer> lookupTables) {
            return kernel.readRoutes(lookupTables);
        }
    }

    private static void awaitWaiting(GatedKernel k) throws InterruptedException {
        assertTrue(k.waiting.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS), "no reconcile reached the kernel");
    }

    /**
     * The status tells what routing does: a WAN is reported online (or offline) once the routing
     * that follows from it is applied, not while the apply still runs (a user, LuCI or a test that
     * acts on "online" would otherwise act on routing that does not exist yet).
     */
    @Test
    void statusChangesOnlyOnceTheRoutingItReportsIsApplied() throws InterruptedException {
        GatedKernel[] gated = new GatedKernel[1];
        try (DaemonHarness h = new DaemonHarness(TWO_WANS, k -> {
            gated[0] = new GatedKernel(k);
            gated[0].close();
            return gated[0];
        })) {
            GatedKernel k = gated[0];
            awaitWaiting(k);
            String during = net.mwan3.status.TextRenderer.interfaces(h.daemon.status());
            assertFalse(during.contains("is online"), during);
            k.open();
            h.await("started", () -> balanced(h).contains("numgen"));
            assertTrue(h.request("interfaces").contains(" interface wan is online"), h.request("interfaces"));

            k.close();
            h.carrier.put("eth1", false);
            h.daemon.markDirty();
            awaitWaiting(k);
            DaemonHarness.sleep(100); // tracker rounds (every 50 ms) would publish now if they could
            String applying = net.mwan3.status.TextRenderer.interfaces(h.daemon.status());
            assertTrue(applying.contains(" interface wan is online"), applying);
            assertTrue(h.events.contains("wan ifdown"), "the daemon did see the carrier loss: " + h.events);
            k.open();
            h.await("wan out of the policy", () -> balanced(h).equals("jump mwan3_mark_2"));
            String after = h.request("interfaces");
            assertTrue(after.contains(" interface wan is disabled and tracking is paused (31)"), after);
        }
    }

    /**
     * The tracker says online (initial_state online) before anything is applied: status must not,
     * while the kernel refuses the apply, and must once it takes it. Likewise {@code mwan3 rules}.
     */
    @Test
    void statusSaysOnlineOnlyOnceTheRulesAreApplied() {
        try (DaemonHarness h = new DaemonHarness(TWO_WANS, true)) {
            h.await("the tracker judged wan", () -> h.daemon.ifaces.get("wan").routable()
                    && h.daemon.ifaces.get("wanb").routable());
            h.await("a failed apply was published", () -> {
                h.daemon.publishStatus();
                return true;
            });
            String dump = h.kernel.dump();
            assertFalse(dump.contains(" rule ") || dump.contains("mwan3"), "the injected failure took effect: " + dump);
            String before = h.request("interfaces");
            assertFalse(before.contains("is online"), before);
            assertTrue(before.contains(" interface wan is offline and tracking is active"), before);
            assertTrue(before.contains(" interface wanb is offline and tracking is disabled"), before);
            assertFalse(h.request("rules").contains("all"), "no rule listed that is not in the table");

            h.applyFails.set(false);
            h.daemon.resync();
            h.await("applied", () -> balanced(h).contains("numgen"));
            h.await("status published", () -> h.daemon.status().interfaces().stream()
                    .allMatch(i -> i.status().equals("online")));
            String after = h.request("interfaces");
            assertTrue(after.contains(" interface wan is online and tracking is active"), after);
            assertTrue(h.request("rules").contains("all"), h.request("rules"));
        }
    }
}
