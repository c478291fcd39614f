package net.mwan3.ubus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.mwan3.daemon.ControlProtocol;
import net.mwan3.daemon.Reply;
import net.mwan3.json.JsonObject;
import net.mwan3.lab.Netns;
import net.mwan3.testing.NetnsSupport;

/**
 * The real mwan3d against a ubusd that misbehaves ({@link FakeUbusd} at {@code --ubus-socket}):
 * one that floods calls and never reads the answers, one that sends garbage. The daemon's main
 * loop must not notice: the control socket answers and a carrier loss is still acted on while the
 * ubus thread drops the bad connection and tries again.
 */
class HostileUbusdIT {
    private static final String CONFIG = String.join("\n",
            "config interface 'wan'", "\toption enabled '1'", "\toption device 'eth1'",
            "config interface 'wanb'", "\toption enabled '1'", "\toption device 'eth2'",
            "config member 'wan_m1'", "\toption interface 'wan'", "\toption weight '1'",
            "config member 'wanb_m1'", "\toption interface 'wanb'", "\toption weight '1'",
            "config policy 'balanced'", "\tlist use_member 'wan_m1'", "\tlist use_member 'wanb_m1'",
            "config rule 'all'", "\toption dest_ip '0.0.0.0/0'", "\toption family 'ipv4'", "\toption use_policy 'balanced'",
            "");

    @TempDir
    Path tmp;

    private static void await(String what, BooleanSupplier cond, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("timed out waiting for: " + what + "\n" + Files.readString(log));
    }

    @Test
    void aUbusdThatFloodsAndNeverReadsOrTalksGarbageCannotStopTheMainLoop() throws Exception {
        NetnsSupport.assumeAvailable();
        try (Netns netns = new Netns("hubus"); FakeUbusd ubusd = new FakeUbusd(tmp.resolve("ubus.sock"))) {
            String router = netns.add("router");
            String isp = netns.add("isp");
            for (int n = 1; n <= 2; n++) {
                netns.veth(router, "eth" + n, isp, "isp" + n);
                netns.exec(router, "ip", "addr", "add", "198.18." + n + ".2/24", "dev", "eth" + n);
                netns.exec(isp, "ip", "addr", "add", "198.18." + n + ".1/24", "dev", "isp" + n);
                netns.exec(router, "ip", "route", "add", "default", "via", "198.18." + n + ".1", "metric", "" + n * 10);
            }
            Path config = Files.createDirectories(tmp.resolve("config"));
            Files.writeString(config.resolve("mwan3"), CONFIG);
            Path state = tmp.resolve("state");
            Path log = tmp.resolve("mwan3d.log");
            netns.spawn(router, log, Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), "net.mwan3.daemon.Main", "--config-dir",
                    config.toString(), "--state-dir", state.toString(), "--user-script", "/bin/true", "--ubus-socket",
                    ubusd.path.toString());

            FakeUbusd.Peer flood = ubusd.next(30);
            flood.hello(0x42);
            int id = flood.register("mwan3");
            await("both WANs routed", () -> rules(netns, router).contains("2002:"), log);
            CompletableFuture<Integer> sent = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                try {
                    for (; n < 20_000; n++) {
                        flood.invoke(n + 1, 0x55, id, "status", new JsonObject());
                    }
                } catch (IOException hungUp) {
                    // The daemon gave up on us: what this test waits for.
                }
                return n;
            });
            Reply interfaces = ControlProtocol.call(state, List.of("interfaces"));
            assertEquals(0, interfaces.exitCode(), "the control socket answers while ubus is flooded");
            netns.exec(isp, "ip", "link", "set", "isp2", "down");
            await("the carrier loss acted on", () -> !rules(netns, router).contains("2002:"), log);
            FakeUbusd.Peer next = ubusd.next(30);
            assertTrue(sent.get(30, TimeUnit.SECONDS) > 2000, "the daemon queued replies to a peer that never reads, "
                    + "then hung up");
            assertTrue(Files.readString(log).contains("ubus: connection to " + ubusd.path + " lost: ubusd is not reading"),
                    Files.readString(log));

            next.hello(0x43);
            next.register("mwan3");
            next.raw(new byte[] {0, 2, 0, 1, 0, 0, 0, 0, 0, 0x7f, 0, 0});
            FakeUbusd.Peer third = ubusd.next(30);
            third.hello(0x44);
            third.register("mwan3");
            netns.exec(isp, "ip", "link", "set", "isp2", "up");
            await("and back", () -> rules(netns, router).contains("2002:"), log);
            assertEquals(0, ControlProtocol.call(state, List.of("status")).exitCode());
            assertFalse(Files.readString(log).contains("Exception"), Files.readString(log));
        }
    }

    private static String rules(Netns netns, String ns) {
        return netns.run(ns, "ip", "rule").stdout();
    }
}
