package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.mwan3.lab.LabJava;
import net.mwan3.lab.LabRouter;
import net.mwan3.lab.Topology;
import net.mwan3.lab.UdpFlow;
import net.mwan3.testing.NamespaceLab;

/**
 * The real daemon with a user script that sleeps forever for every call of wan1 (its limit is 30 s):
 * wan1's blackhole still fails its flow over to wan2 at once, and wan3's events reach the script
 * while wan1's calls hang, within seconds (a single queue held them behind wan1's for 30 s).
 */
class UserScriptIT {
    private static NamespaceLab lab;
    private static Topology topo;

    @BeforeAll
    static void network() throws IOException {
        lab = NamespaceLab.open("usr", 3);
        topo = lab.topology();
        new LabJava(topo.netns(), lab.work()).echoServer(topo.inet(), Topology.SERVER, Topology.SERVER_PORT);
    }

    @AfterAll
    static void teardown() throws IOException {
        if (lab != null) {
            lab.close();
        }
    }

    private static void await(String what, LabRouter router, long seconds, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            DaemonHarness.sleep(20);
        }
        throw new AssertionError("not within " + seconds + " s: " + what + "\nevents: " + router.events() + "\n"
                + router.status("interfaces") + "\nlog:\n" + router.log());
    }

    /** Seconds from {@code faultEpoch} to the first event line ending in {@code suffix} after it (NaN: none yet). */
    private static double delay(LabRouter router, String suffix, double faultEpoch) {
        return router.events().stream().filter(e -> e.endsWith(suffix)).mapToDouble(e -> Double.parseDouble(
                e.split(" ")[0]) - faultEpoch).filter(d -> d >= 0).min().orElse(Double.NaN);
    }

    @Test
    void aScriptHangingForOneWanDelaysNoFailoverAndNoOtherWansEvent() throws IOException {
        String hang = "[ \"$INTERFACE\" = wan1 ] && exec sleep 100000\n";
        try (LabRouter router = new LabRouter(topo, topo.router(), FailoverIT.config("ping", ""),
                lab.newDir("run"), hang)) {
            await("all three WANs online", router, 20, () -> router.status("interfaces").split("is online", -1).length == 4);
            await("wan2 and wan3 heard while wan1's ifup hangs", router, 5, () -> router.events().stream()
                    .anyMatch(e -> e.endsWith("connected wan3 eth3")) && router.events().stream()
                    .anyMatch(e -> e.endsWith("connected wan2 eth2")));
            assertTrue(router.events().stream().noneMatch(e -> e.contains(" wan1 ")), "wan1's calls hang (the fault took"
                    + " effect): " + router.events());

            try (UdpFlow flow = new UdpFlow(topo.lan(), Topology.LAN_CLIENT, 41000, Topology.SERVER,
                    Topology.SERVER_PORT, 10)) {
                await("flow via wan1", router, 20, () -> flow.last() != null
                        && flow.last().seenAs().equals(Topology.wanAddress(1)));
                long fault = System.nanoTime();
                topo.faults().blackhole(1);
                await("the flow failed over to wan2", router, 10,
                        () -> flow.firstVia(Topology.wanAddress(2), fault) != null);
                System.out.printf("failover with wan1's script hanging: %d ms%n",
                        (flow.firstVia(Topology.wanAddress(2), fault).nanos() - fault) / 1_000_000);
            }

            double epoch = System.currentTimeMillis() / 1000.0;
            topo.faults().carrier(3, false);
            await("wan3's ifdown heard while wan1's calls hang", router, 5,
                    () -> !Double.isNaN(delay(router, "ifdown wan3 eth3", epoch)));
            System.out.printf("wan3's ifdown reached the script %.0f ms after the carrier loss%n",
                    delay(router, "ifdown wan3 eth3", epoch) * 1000);
            assertTrue(router.events().stream().noneMatch(e -> e.contains(" wan1 ")), router.events()::toString);
        } finally {
            topo.faults().clear(1);
            topo.faults().carrier(3, true);
        }
    }
}
