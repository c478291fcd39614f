package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import net.mwan3.testing.NetnsSupport;

/**
 * Issue 13's attack list against the relay, wireguard-go at both ends, an attacker without the key sitting on path
 * 1 ({@link TunnelLab} with attacker): it records every datagram of path 1 from before the first handshake on,
 * then replays the whole recording, at rate, from its own address and from the original sources (both directions),
 * again after a kill -9 of the client and after one of the server, and sends 20,000 random datagrams to the
 * server's port. Each time: real pings at 20 ms lose at most 2 %, the server shows no path toward the attacker,
 * the attacker's socket receives nothing, and nothing gets into the tunnel (the server relay delivers to WireGuard
 * no more datagrams than the client's WireGuard sent). nft counters prove each injection reached its target.
 */
class TunnelAttackIT {
    private static final Pattern SENT = Pattern.compile("sent (\\d+) received (\\d+)");
    private static final String ATTACKER = "198.18.5.1";

    @Test
    void recordedReplayedAndRandomDatagramsChangeNothing() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant", true)) {
            lab.netns.exec(lab.atk, "nft", "add table inet atk");
            lab.netns.exec(lab.atk, "nft", "add chain inet atk out { type filter hook output priority 0 ; }");
            lab.netns.exec(lab.atk, "nft", "add rule inet atk out udp dport 7000 counter");
            lab.netns.exec(lab.atk, "nft", "add rule inet atk out udp sport 7000 counter");
            lab.netns.exec(lab.srv, "nft", "add rule inet cut in ip saddr " + ATTACKER + " udp dport 7000 counter");

            Process recorder = lab.attackTool(lab.atk, "record.log", "record", lab.dir.resolve("rec").toString(), "6000");
            Thread.sleep(1500); // the recorder's JVM is up before the first HELLO
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            assertEquals(40, TunnelLab.received(lab.ping(40, "0.02")), "traffic to record");
            recorder.waitFor();
            String recorded = Files.readString(lab.dir.resolve("record.log"));
            assertTrue(recorded.matches("(?s).*recorded \\d{3,}.*"), recorded);

            attack(lab, "replay from its own address", "replay-own", "replay", "own", "3");
            attack(lab, "replay from the original sources", "replay-spoof", "replay", "spoof", "3");

            lab.restart("cli");
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            attack(lab, "own replay after a client restart", "own-after-cli", "replay", "own", "2");
            attack(lab, "spoofed replay after a client restart", "spoof-after-cli", "replay", "spoof", "2");

            lab.restart("srv");
            lab.awaitStatus("srv", "carrier on");
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            attack(lab, "own replay after a server restart", "own-after-srv", "replay", "own", "2");
            attack(lab, "spoofed replay after a server restart", "spoof-after-srv", "replay", "spoof", "2");
            assertTrue(lab.counter("srv", "replayed_hellos") > 0,
                    "the restarted server refused the recorded HELLOs by its persisted stamp");
            attack(lab, "20,000 random datagrams", "random", "random", "198.18.0.1", "7000", "20000");
        }
    }

    /** One attack while real pings run at 20 ms; asserts the attack list's four outcomes. */
    private static void attack(TunnelLab lab, String what, String log, String... args) throws Exception {
        long delivered = lab.counter("srv", "delivered");
        long fromWireguard = lab.counter("cli", "from_wireguard");
        long cliDelivered = lab.counter("cli", "delivered");
        long srvFromWireguard = lab.counter("srv", "from_wireguard");
        long injected = injected(lab);
        long fromAttacker = fromAttacker(lab);
        String[] argv = args.clone();
        if (args[0].equals("replay")) {
            argv = new String[] {"replay", lab.dir.resolve("rec").toString(), args[1], args[2]};
        }
        Process ping = lab.ping(100, "0.02");
        Process tool = lab.attackTool(lab.atk, log + ".log", argv);
        tool.waitFor();
        int received = TunnelLab.received(ping);
        Thread.sleep(300); // the status files are rewritten every 100 ms
        String out = Files.readString(lab.dir.resolve(log + ".log"));
        Matcher m = SENT.matcher(out);
        assertTrue(m.find(), what + ": " + out);
        long sent = Long.parseLong(m.group(1));
        assertTrue(sent > 100, what + ": sent " + sent);
        assertEquals(0, Long.parseLong(m.group(2)), what + ": the attacker's socket received something");
        if (args[1].equals("spoof")) {
            assertTrue(injected(lab) - injected >= sent, what + ": the raw socket's datagrams left the attacker");
        } else {
            assertTrue(fromAttacker(lab) - fromAttacker >= sent * 9 / 10, what + ": the server got the datagrams, "
                    + (fromAttacker(lab) - fromAttacker) + " of " + sent);
        }
        assertTrue(received >= 98, what + ": real pings lost " + (100 - received) + " of 100");
        String srv = lab.status("srv");
        assertFalse(srv.contains("peer " + ATTACKER), what + ": a path toward the attacker\n" + srv);
        assertTrue(srv.matches("(?s).*\\npath \\d+ \\S+ up state up peer 198\\.18\\.1\\.1:.*")
                && srv.matches("(?s).*\\npath \\d+ \\S+ up state up peer 198\\.18\\.2\\.1:.*"), what + ":\n" + srv);
        assertEquals(2, srv.lines().filter(l -> l.startsWith("path ")).count(), what + ":\n" + srv);
        System.out.printf("%s: %d datagrams sent, %d received back, %d of 100 pings answered, refused at the"
                + " server: %s%n", what, sent, Long.parseLong(m.group(2)), received, refused(lab));
        long intoTunnel = lab.counter("srv", "delivered") - delivered;
        long real = lab.counter("cli", "from_wireguard") - fromWireguard;
        assertTrue(intoTunnel <= real, what + ": the server delivered " + intoTunnel + " datagrams to WireGuard, the"
                + " client's WireGuard sent " + real);
        long intoClient = lab.counter("cli", "delivered") - cliDelivered;
        long realBack = lab.counter("srv", "from_wireguard") - srvFromWireguard;
        assertTrue(intoClient <= realBack, what + ": the client delivered " + intoClient + " datagrams to WireGuard,"
                + " the server's WireGuard sent " + realBack);
    }

    private static String refused(TunnelLab lab) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (String c : new String[] {"bad_header", "auth_failed", "unknown_session", "wrong_source", "replayed_hellos",
                "stale_control", "replayed", "duplicates", "too_old"}) {
            b.append(c).append(' ').append(lab.counter("srv", c)).append(", ");
        }
        return b.toString();
    }

    /** What the attacker's raw socket sent (its output hook's counters). */
    private static long injected(TunnelLab lab) {
        return packets(lab.netns.exec(lab.atk, "nft", "list chain inet atk out"));
    }

    /** Datagrams from the attacker's own address that reached the server's input hook. */
    private static long fromAttacker(TunnelLab lab) {
        return packets(lab.netns.exec(lab.srv, "nft", "list chain inet cut in"));
    }

    private static long packets(String nft) {
        long sum = 0;
        Matcher m = Pattern.compile("packets (\\d+)").matcher(nft);
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }
}
