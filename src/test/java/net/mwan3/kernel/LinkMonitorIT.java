package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.mwan3.lab.Netns;
import net.mwan3.lab.NetnsThread;
import net.mwan3.model.Family;
import net.mwan3.netlink.RuleMessages;
import net.mwan3.plan.IpRule;
import net.mwan3.testing.NetnsSupport;

/**
 * The rtnetlink subscription in a namespace: someone else's link, address, route and rule changes
 * are events; our own rule changes (made through the adapter's socket) are not; a receive queue
 * the kernel overflowed (ENOBUFS) asks for a full resync.
 */
class LinkMonitorIT {
    private Netns lab;
    private String ns;
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();

    @BeforeEach
    void namespace() {
        NetnsSupport.assumeAvailable();
        lab = new Netns("mon");
        ns = lab.add("r");
        String peer = lab.add("p");
        lab.veth(ns, "eth1", peer, "p1");
    }

    @AfterEach
    void remove() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void othersChangesAreEventsOursAreNot() throws Exception {
        try (Rtnetlink rtnl = NetnsThread.call(ns, Rtnetlink::open);
             LinkMonitor monitor = NetnsThread.call(ns, () -> new LinkMonitor(events::incrementAndGet,
                     lost::incrementAndGet, rtnl.portid()))) {
            for (String[] change : List.of(new String[] {"ip", "link", "set", "eth1", "down"},
                    new String[] {"ip", "addr", "add", "198.51.100.2/26", "dev", "eth1"},
                    new String[] {"ip", "-6", "rule", "add", "pref", "1500", "lookup", "100"},
                    new String[] {"ip", "route", "add", "unreachable", "203.0.113.0/24", "table", "7"})) {
                int before = events.get();
                lab.exec(ns, change);
                await(String.join(" ", change) + " is an event", () -> events.get() > before);
            }
            Thread.sleep(200);
            int before = events.get();
            IpRule ours = IpRule.fwmark(Family.IPV4, 2001, 0x100, 0x3f00, IpRule.Action.LOOKUP, 1);
            assertEquals(List.of(), rtnl.apply(List.of(new Rtnetlink.Change("ours", RuleMessages.add(ours)),
                    new Rtnetlink.Change("ours", RuleMessages.delete(ours)))));
            int other = events.get();
            lab.exec(ns, "ip", "link", "set", "eth1", "up");
            await("the change after ours is seen", () -> events.get() > other);
            assertEquals(before, other, "our own rule add and delete were no events");
            assertEquals(0, lost.get());
        }
    }

    @Test
    void anOverflowedQueueAsksForAResync() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LinkMonitor monitor = NetnsThread.call(ns, () -> new LinkMonitor(() -> {
            events.incrementAndGet();
            awaitQuietly(release);
        }, lost::incrementAndGet, 0, 4096))) {
            lab.exec(ns, "ip", "link", "set", "eth1", "down");
            await("the first event blocks the monitor", () -> events.get() == 1);
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                batch.append("route add unreachable 203.0.").append(113).append('.').append(i % 250).append("/32 table ")
                        .append(10 + i / 250).append('\n');
            }
            lab.runner(ns).run(List.of("ip", "-batch", "-"), batch.toString()).orThrow();
            release.countDown();
            await("ENOBUFS became a resync", () -> lost.get() >= 1);
            int seen = events.get();
            lab.exec(ns, "ip", "link", "set", "eth1", "up");
            await("events flow again after the overflow", () -> events.get() > seen);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(10);
        }
    }
}
