package net.mwan3.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's bonded-WAN scene (docs/tunnel.md): the router's mwan3d bonds wan1 and wan2 into a redundant tunnel
 * to a second mwan3d in the internet namespace; the LAN client downloads from the far end of the tunnel and
 * pings it every 10 ms, and wan1 is blackholed for 3 s in the middle. Redundant mode sends every packet on
 * both WANs, so the download should not stall and no ping should be lost.
 */
final class BondScene {
    static final String LISTEN = "203.0.113.20";
    static final int PORT = 7000;
    static final String SERVER_END = "198.18.200.2";
    /** The far end's WireGuard device: another name than the router's, as wireguard-go's sockets share one directory. */
    static final String SERVER_DEVICE = "bondsrv";
    static final String NET = "198.18.200.0/30";
    static final int DOWNLOAD_PORT = 9000;
    static final int DOWNLOAD_MBIT = 8;
    private static final int SAMPLE_MS = 100;
    private static final int CUT_AT_MS = 2500;
    private static final int CUT_MS = 3000;
    private static final int PINGS = 700;
    private static final Pattern RECEIVED = Pattern.compile("path (wan[12])->\\S+ is \\w+,.* received (\\d+)");

    private final LabSession session;
    private final PrintStream out;

    BondScene(LabSession session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    /** Runs the scene; the tunnel server and the download are gone afterwards (the router keeps the tunnel). */
    BondResult run() throws IOException, InterruptedException {
        Topology t = session.topology();
        t.netns().exec(t.inet(), "ip", "addr", "add", LISTEN + "/32", "dev", "lo");
        out.println("\nbonded WAN: tunnel device 'bond' (redundant) over wan1 + wan2 to a second mwan3d at " + LISTEN
                + ", tracked by mwan3 as interface 'bond'");
        try (LabRouter server = new LabRouter(t, t.inet(), LabConfig.bondServer(), session.work().resolve("bond"))) {
            session.router().writeConfig(LabConfig.uci() + LabConfig.bondClient());
            if (session.router().call("reload").exitCode() != 0) {
                return BondResult.failed("reload with the tunnel failed: " + session.router().log());
            }
            if (!await(server, "is up", 1) || !await(session.router(), "is up", 3)) {
                return BondResult.failed("the tunnel did not come up: " + session.router().status("tunnels"));
            }
            t.netns().exec(t.inet(), "ip", "route", "replace", Topology.LAN_CLIENT + "/32", "dev", SERVER_DEVICE);
            out.println("  LAN " + Topology.LAN_CLIENT + " downloads from " + SERVER_END + " at " + DOWNLOAD_MBIT
                    + " Mbit/s and pings it every 10 ms; wan1 is blackholed after " + CUT_AT_MS / 1000.0 + " s for "
                    + CUT_MS / 1000 + " s");
            BondResult r = measure(t);
            return r.measured() ? r.withBondDown(bothCut(t)) : r;
        }
    }

    /**
     * T12 in the lab: both bonded WANs blackholed; milliseconds until mwan3 no longer shows the tunnel interface online
     * (every path dead, the device's carrier off, mwan3d told at once), -1 if not within 5 s.
     */
    private long bothCut(Topology t) throws InterruptedException {
        if (!await(session.router(), "interface bond is online", 0)) {
            out.print("  interface bond never came online:\n" + session.router().status("interfaces"));
            return -1;
        }
        long t0 = System.nanoTime();
        t.faults().blackhole(1);
        t.faults().blackhole(2);
        try {
            while (System.nanoTime() - t0 < 5_000_000_000L) {
                if (!session.router().status("interfaces").contains("interface bond is online")) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
                Thread.sleep(10);
            }
            out.print("  interface bond stayed online:\n" + session.router().status("interfaces")
                    + session.router().status("tunnels"));
            return -1;
        } finally {
            t.faults().clear(1);
            t.faults().clear(2);
        }
    }

    private BondResult measure(Topology t) throws IOException, InterruptedException {
        Process ping = t.netns().spawn(t.lan(), session.work().resolve("bond-ping.log"), "ping", "-n", "-q", "-i",
                "0.01", "-c", Integer.toString(PINGS), SERVER_END);
        List<Long> bytes = new ArrayList<>();
        long[] before;
        try (BondDownload d = new BondDownload(t.inet(), SERVER_END, DOWNLOAD_PORT, t.lan(), DOWNLOAD_MBIT)) {
            sample(d, bytes, CUT_AT_MS);
            before = received(session.router().status("tunnels"));
            t.faults().blackhole(1);
            sample(d, bytes, CUT_MS);
            t.faults().clear(1);
            ping.waitFor();
            sample(d, bytes, 500);
            if (d.error() != null && bytes.get(bytes.size() - 1) == 0) {
                return BondResult.failed(d.error());
            }
        } finally {
            t.faults().clear(1);
            ping.destroy();
        }
        String log = java.nio.file.Files.readString(session.work().resolve("bond-ping.log"), StandardCharsets.UTF_8);
        return BondResult.of(bytes, SAMPLE_MS, CUT_AT_MS / SAMPLE_MS, (CUT_AT_MS + CUT_MS) / SAMPLE_MS, log, before);
    }

    private static void sample(BondDownload d, List<Long> bytes, int ms) throws InterruptedException {
        for (int i = 0; i < ms / SAMPLE_MS; i++) {
            Thread.sleep(SAMPLE_MS);
            bytes.add(d.received());
        }
    }

    /** Packets received on the wan1 and wan2 paths, from {@code mwan3 tunnels}. */
    static long[] received(String tunnels) {
        long[] r = new long[3];
        Matcher m = RECEIVED.matcher(tunnels);
        while (m.find()) {
            r[m.group(1).charAt(3) - '0'] = Long.parseLong(m.group(2));
        }
        return r;
    }

    /**
     * Waits until {@code mwan3 tunnels} of {@code d} shows {@code word} at least {@code times} times (0: until
     * {@code mwan3 interfaces} shows it).
     */
    private static boolean await(LabRouter d, String word, int times) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            String s = d.status(times == 0 ? "interfaces" : "tunnels");
            if (times == 0 ? s.contains(word) : s.split(word, -1).length > times) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
