package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.mwan3.testing.NetnsSupport;

/** The tunnel end to end between two namespaces over two paths (see {@link TunnelLab}). */
class TunnelIT {

    @Test
    void redundantIsHitlessWhenOnePathIsCutAndIgnoresGarbage() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "ping through the tunnel");

            Process ping = lab.ping(200, "0.01");
            Thread.sleep(300);
            lab.cut("p1");
            Thread.sleep(1000);
            long cutDrops = lab.cutDrops();
            lab.heal();
            assertEquals(200, TunnelLab.received(ping), "no loss while path 1 was cut");
            assertTrue(cutDrops > 50, "the cut really dropped tunnel traffic: " + cutDrops);
            assertTrue(lab.counter("srv", "duplicates") > 0, "the second copies were dropped as duplicates");

            garbage(lab);
            recordedSession(lab);
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "still working after garbage");
        }
    }

    private static void garbage(TunnelLab lab) throws Exception {
        long badHeader = lab.counter("srv", "bad_header");
        long authFailed = lab.counter("srv", "auth_failed");
        // 5 short datagrams, then 5 with a well-formed data header and a random body (fails authentication).
        // Each datagram is built in a file first: bash sends one datagram per write.
        String f = lab.dir.resolve("garbage").toString();
        String script = "for i in 1 2 3 4 5; do printf 'hello' > /dev/udp/198.18.0.1/7000; "
                + "printf '\\x11\\x00\\x00\\x00' > " + f + "; head -c 60 /dev/urandom >> " + f + "; "
                + "cat " + f + " > /dev/udp/198.18.0.1/7000; done";
        lab.run(lab.cli, "bash", "-c", script).orThrow();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && (lab.counter("srv", "bad_header") < badHeader + 5
                || lab.counter("srv", "auth_failed") < authFailed + 5)) {
            Thread.sleep(50);
        }
        assertEquals(badHeader + 5, lab.counter("srv", "bad_header"));
        assertEquals(authFailed + 5, lab.counter("srv", "auth_failed"));
        assertEquals(2, lab.counter("srv", "paths_learned"), "garbage never creates a path");
    }

    /**
     * Authenticated datagrams of a client session the server never adopted, as a recording of the client's
     * previous run would be, sent from another port: refused, and neither a session switch (which would reset the
     * de-dup window) nor a move of the path to the sender's port.
     */
    private static void recordedSession(TunnelLab lab) throws Exception {
        long sessions = lab.counter("srv", "sessions");
        long moved = lab.counter("srv", "sender_moved");
        long unconfirmed = lab.counter("srv", "unconfirmed_session");
        PacketCipher c = PacketCipher.of(TunnelLab.KEY, true, true, PacketCipher.Suite.CHACHA20_POLY1305);
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            byte[] plain = new byte[WireFormat.BEAT_PAYLOAD];
            WireFormat.Beat beat = new WireFormat.Beat();
            beat.clockMicros = 1000 + i;
            WireFormat.putBeat(ByteBuffer.wrap(plain), 0, beat);
            script.append(datagram(lab, "beat" + i, c, WireFormat.TYPE_BEAT, 100 + 2 * i, plain));
            script.append(datagram(lab, "data" + i, c, WireFormat.TYPE_DATA, 101 + 2 * i, new byte[40]));
        }
        lab.run(lab.cli, "bash", "-c", script.toString()).orThrow();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && lab.counter("srv", "unconfirmed_session") < unconfirmed + 3) {
            Thread.sleep(50);
        }
        assertEquals(unconfirmed + 3, lab.counter("srv", "unconfirmed_session"), "data of the recording refused");
        assertEquals(sessions, lab.counter("srv", "sessions"), "no session switch");
        assertEquals(moved, lab.counter("srv", "sender_moved"), "the path stays with the live client");
    }

    /** A shell line sending one sealed datagram of session 0x5EED on path 0 (built in a file: one write each). */
    private static String datagram(TunnelLab lab, String name, PacketCipher c, int type, int pathSeq, byte[] plain)
            throws Exception {
        byte[] out = new byte[WireFormat.OVERHEAD + plain.length];
        WireFormat.putHeader(ByteBuffer.wrap(out), type, 0, 0, 0x5EED, 7, pathSeq);
        int len = c.seal(plain, 0, plain.length, out);
        Path f = lab.dir.resolve(name);
        Files.write(f, Arrays.copyOf(out, len));
        return "cat " + f + " > /dev/udp/198.18.0.1/7000; ";
    }

    @Test
    void failoverSurvivesOnePathDown() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("failover")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")));
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up state standby");
            lab.cut("p1");
            lab.awaitStatus("cli", "path 0 wan1->198.18.0.1:7000 down state down");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "traffic moved to path 1");
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up state up");
            assertTrue(lab.cutDrops() > 0);
            lab.heal();
            lab.awaitStatus("cli", "path 0 wan1->198.18.0.1:7000 up state standby");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "and stays working after the heal");
            assertTrue(lab.status("cli").contains("path 1 wan2->198.18.0.1:7000 up state up"),
                    "the active path sticks after the heal: " + lab.status("cli"));
        }
    }

    @Test
    void aggregateCarriesTrafficOverBothPathsAndSurvivesACut() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("aggregate")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            assertEquals(50, TunnelLab.received(lab.ping(50, "0.01")));
            lab.cut("p2");
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 down");
            assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "all traffic on path 0 after the cut");
            assertEquals(0, lab.counter("srv", "duplicates"), "aggregate sends each packet once");
        }
    }

    /**
     * {@code option encryption}: pings with a known pattern cross either way; the pattern shows on the wire
     * (matched by nft at its place in the datagram) only when both ends turned encryption off.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void encryptionOffLeavesPayloadsReadableAndStillWorks(boolean encryption) throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.option("encryption", encryption ? "1" : "0");
            // UDP header 8 + our header 16 + inner IPv4 20 + ICMP 8 + ping's timestamp 16: the pattern at byte 68.
            lab.netns.exec(lab.srv, "nft", "add rule inet cut in udp dport 7000 @th,544,32 0xdeadbeef counter");
            lab.start();
            lab.netns.exec(lab.cli, "ping", "-n", "-q", "-c", "10", "-i", "0.05", "-W", "2", "-p", "deadbeef",
                    "192.0.2.2");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("0xdeadbeef counter packets (\\d+)")
                    .matcher(lab.netns.exec(lab.srv, "nft", "list table inet cut"));
            assertTrue(m.find(), "the pattern rule is there");
            long seen = Long.parseLong(m.group(1));
            if (encryption) {
                assertEquals(0, seen, "encrypted: the pattern never shows");
            } else {
                assertTrue(seen >= 10, "signed only: every ping's pattern readable on the wire, saw " + seen);
            }
            assertEquals(0, lab.counter("srv", "auth_failed"));
        }
    }

    /**
     * Each end seals with its own AEAD and opens both: a client forced to AES-256-CTR-Poly1305 and a server
     * forced to ChaCha20-Poly1305 carry pings both ways, and the header's AES flag (byte 2 of our header, after
     * the 8-byte UDP header) is set on every datagram the client sends and on none the server sends.
     */
    @Test
    void endsSealingWithDifferentAeadsUnderstandEachOther() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.jvmOption("cli", "-Dmwan3.tunnel.cipher=aes");
            lab.jvmOption("srv", "-Dmwan3.tunnel.cipher=chacha20");
            lab.netns.exec(lab.srv, "nft", "add rule inet cut in udp dport 7000 @th,80,8 & 2 == 2 counter");
            lab.netns.exec(lab.srv, "nft", "add rule inet cut in udp dport 7000 @th,80,8 & 2 == 0 counter");
            lab.netns.exec(lab.srv, "nft", "add rule inet cut out udp sport 7000 @th,80,8 & 2 == 2 counter");
            lab.netns.exec(lab.srv, "nft", "add rule inet cut out udp sport 7000 @th,80,8 & 2 == 0 counter");
            lab.start();
            String ping = lab.netns.exec(lab.cli, "ping", "-n", "-q", "-c", "10", "-i", "0.05", "-W", "2",
                    "192.0.2.2");
            assertTrue(ping.contains(" 0% packet loss"), ping);
            java.util.List<Long> counts = new java.util.ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("counter packets (\\d+)")
                    .matcher(lab.netns.exec(lab.srv, "nft", "list chain inet cut in")
                            + lab.netns.exec(lab.srv, "nft", "list chain inet cut out"));
            while (m.find()) {
                counts.add(Long.parseLong(m.group(1)));
            }
            assertEquals(4, counts.size(), "the four flag counters: " + counts);
            assertTrue(counts.get(0) >= 20, "client to server: AES-sealed, saw " + counts.get(0));
            assertEquals(0, counts.get(1), "client to server: none ChaCha20-sealed");
            assertEquals(0, counts.get(2), "server to client: none AES-sealed");
            assertTrue(counts.get(3) >= 20, "server to client: ChaCha20-sealed, saw " + counts.get(3));
            assertEquals(0, lab.counter("srv", "auth_failed"));
            assertEquals(0, lab.counter("cli", "auth_failed"));
        }
    }

    /** T12: mwan3's tracker declares wan1 offline while its path still works; the path leaves both ends. */
    @Test
    void aWanOfflineInTheTrackerLeavesThePathSetAndComesBack() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            lab.awaitStatus("srv", "path 1 ");
            lab.wanState("cli", "wan1", false);
            lab.awaitStatus("cli", "path 0 wan1->198.18.0.1:7000 down state offline");
            awaitPathDown(lab, "srv", 0);
            long cli0 = lab.pathTx("cli", 0);
            long cli1 = lab.pathTx("cli", 1);
            long srv0 = lab.pathTx("srv", 0);
            assertEquals(200, TunnelLab.received(lab.ping(200, "0.005")), "all traffic over wan2");
            Thread.sleep(500); // the status file is rewritten every 200 ms
            long beatsOnly = 40;
            assertTrue(lab.pathTx("cli", 1) - cli1 >= 200, "client sent the pings on path 1");
            assertTrue(lab.pathTx("cli", 0) - cli0 < beatsOnly, "client: beats only on path 0: "
                    + (lab.pathTx("cli", 0) - cli0));
            assertTrue(lab.pathTx("srv", 0) - srv0 < beatsOnly, "server: beats only on path 0: "
                    + (lab.pathTx("srv", 0) - srv0));
            assertEquals(0, lab.cutDrops(), "the path itself was never cut");

            lab.wanState("cli", "wan1", true);
            lab.awaitStatus("cli", "path 0 wan1->198.18.0.1:7000 up");
            long back = lab.pathTx("cli", 0);
            assertEquals(200, TunnelLab.received(lab.ping(200, "0.005")));
            Thread.sleep(500);
            assertTrue(lab.pathTx("cli", 0) - back >= 200, "path 0 carries every packet again");
        }
    }

    private static void awaitPathDown(TunnelLab lab, String side, int id) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String offline = "(?s).*\\npath " + id + " \\S+ down state offline.*";
        while (System.nanoTime() < deadline && !lab.status(side).matches(offline)) {
            Thread.sleep(50);
        }
        assertTrue(lab.status(side).matches(offline), lab.status(side));
    }
}
