package net.mwan3.tunnel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.mwan3.kernel.CommandResult;
import net.mwan3.lab.Netns;
import net.mwan3.tunnel.io.TunnelMain;

/**
 * Two namespaces joined by two veth paths (198.18.1.0/24 on wan1, 198.18.2.0/24 on wan2). The server relay listens
 * on 198.18.0.1:7000 (on its loopback) and the client reaches it over either WAN; each end runs {@link TunnelMain},
 * which starts wireguard-go (devices {@code mwtc} and {@code mwts}: wireguard-go's UAPI sockets share one directory
 * across namespaces) with tunnel addresses 192.0.2.1/30 (client) and 192.0.2.2/30 (server). Keys are made with
 * {@code wg genkey}/{@code wg genpsk} per lab. Paths are cut with an nft drop rule (with a counter, to prove it
 * matched) on the server's side of that path, both directions.
 */
public final class TunnelLab implements AutoCloseable {
    static final String CLIENT_DEVICE = "mwtc";
    static final String SERVER_DEVICE = "mwts";
    final Netns netns = new Netns("tun");
    final Path dir;
    public final String cli;
    public final String srv;
    /** The attacker's namespace, null without one. */
    public final String atk;
    final String key = wg("genpsk", null);

    public TunnelLab(String mode) throws IOException {
        this(mode, false);
    }

    /**
     * With {@code attacker}, path 1 runs through a third namespace, {@link #atk}, a router on the path (client side
     * 198.18.1.2, server side 198.18.5.1/24 to the server's 198.18.5.2): it sees every datagram of path 1 and can
     * send from its own addresses or, with a raw socket, from anyone's.
     */
    public TunnelLab(String mode, boolean attacker) throws IOException {
        dir = Files.createTempDirectory("mwan3-tunnel-it");
        cli = netns.add("cli");
        srv = netns.add("srv");
        atk = attacker ? netns.add("atk") : null;
        if (attacker) {
            netns.veth(cli, "wan1", atk, "ac");
            netns.veth(atk, "as", srv, "p1");
            netns.exec(atk, "ip", "addr", "add", "198.18.1.2/24", "dev", "ac");
            netns.exec(atk, "ip", "addr", "add", "198.18.5.1/24", "dev", "as");
            netns.exec(srv, "ip", "addr", "add", "198.18.5.2/24", "dev", "p1");
            netns.exec(atk, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            netns.exec(atk, "ip", "route", "add", "198.18.0.1/32", "via", "198.18.5.2", "dev", "as");
            netns.exec(srv, "ip", "route", "add", "198.18.1.0/24", "via", "198.18.5.1", "dev", "p1");
        } else {
            netns.veth(cli, "wan1", srv, "p1");
            netns.exec(srv, "ip", "addr", "add", "198.18.1.2/24", "dev", "p1");
        }
        netns.veth(cli, "wan2", srv, "p2");
        netns.exec(cli, "ip", "addr", "add", "198.18.1.1/24", "dev", "wan1");
        netns.exec(cli, "ip", "addr", "add", "198.18.2.1/24", "dev", "wan2");
        netns.exec(srv, "ip", "addr", "add", "198.18.2.2/24", "dev", "p2");
        netns.exec(srv, "ip", "addr", "add", "198.18.0.1/32", "dev", "lo");
        netns.exec(cli, "ip", "route", "add", "198.18.0.1/32", "via", "198.18.1.2", "dev", "wan1", "metric", "1");
        netns.exec(cli, "ip", "route", "add", "198.18.0.1/32", "via", "198.18.2.2", "dev", "wan2", "metric", "2");
        netns.exec(srv, "nft", "add", "table", "inet", "cut");
        netns.exec(srv, "nft", "add chain inet cut in { type filter hook input priority 0 ; }");
        netns.exec(srv, "nft", "add chain inet cut out { type filter hook output priority 0 ; }");
        for (String side : List.of("cli", "srv")) {
            Files.createDirectories(dir.resolve(side));
            Files.createDirectories(dir.resolve(side + "-state"));
        }
        String cliPrivate = wg("genkey", null);
        String srvPrivate = wg("genkey", null);
        Files.writeString(dir.resolve("cli/mwan3"), "config interface 'wan1'\n\toption device 'wan1'\n"
                + "config interface 'wan2'\n\toption device 'wan2'\n"
                + "config tunnel 'mp0'\n\toption role 'client'\n\toption mode '" + mode + "'\n\toption key '" + key + "'\n"
                + "\tlist path 'wan1'\n\tlist path 'wan2'\n\tlist peer '198.18.0.1:7000'\n"
                + "\toption device '" + CLIENT_DEVICE + "'\n\toption address '192.0.2.1/30'\n"
                + "\toption private_key '" + cliPrivate + "'\n\toption peer_public_key '" + wg("pubkey", srvPrivate)
                + "'\n");
        Files.writeString(dir.resolve("srv/mwan3"), "config tunnel 'mp0'\n\toption role 'server'\n\toption mode '" + mode
                + "'\n\toption key '" + key + "'\n\toption listen '198.18.0.1:7000'\n\toption address '192.0.2.2/30'\n"
                + "\toption device '" + SERVER_DEVICE + "'\n"
                + "\toption private_key '" + srvPrivate + "'\n\toption peer_public_key '" + wg("pubkey", cliPrivate)
                + "'\n");
    }

    /** {@code wg genkey|genpsk|pubkey} (with {@code stdin}), on this host: no key is in any test's source. */
    static String wg(String command, String stdin) {
        try {
            Process p = new ProcessBuilder("wg", command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write((stdin + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("wg " + command + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final java.util.Map<String, Process> ends = new java.util.HashMap<>();
    private final java.util.Map<String, List<String>> jvmOptions = new java.util.HashMap<>();

    /** Adds {@code option name 'value'} to both ends' tunnel section, for their later starts. */
    public void option(String name, String value) throws IOException {
        for (String side : List.of("cli", "srv")) {
            Files.writeString(dir.resolve(side + "/mwan3"), "\toption " + name + " '" + value + "'\n",
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** Adds a JVM option (e.g. {@code -Dmwan3.tunnel.offload=false}) for a side's later starts. */
    public void jvmOption(String side, String option) {
        jvmOptions.computeIfAbsent(side, k -> new ArrayList<>()).add(option);
    }

    /** Starts both ends and waits until both have carrier (a path is up). */
    public void start() throws IOException, InterruptedException {
        spawn(srv, "srv");
        spawn(cli, "cli");
        awaitStatus("srv", "carrier on");
        awaitStatus("cli", "carrier on");
    }

    /** The process id of one end's JVM ({@code cli} or {@code srv}). */
    public long pid(String side) {
        return ends.get(side).pid();
    }

    /** Kills one end ({@code cli} or {@code srv}) like a crash would, and starts it again. */
    public void restart(String side) throws IOException, InterruptedException {
        Process p = ends.get(side);
        p.destroyForcibly();
        p.waitFor();
        Files.deleteIfExists(dir.resolve(side + ".status"));
        spawn(side.equals("cli") ? cli : srv, side);
    }

    /** htb at {@code mbit} on egress of {@code dev} in {@code ns}, with a short pfifo (reference §5). */
    void shape(String ns, String dev, int mbit) {
        netns.exec(ns, "tc", "qdisc", "replace", "dev", dev, "root", "handle", "1:", "htb", "default", "10");
        netns.exec(ns, "tc", "class", "replace", "dev", dev, "parent", "1:", "classid", "1:10", "htb", "rate",
                mbit + "mbit", "ceil", mbit + "mbit", "quantum", "1514");
        netns.exec(ns, "tc", "qdisc", "replace", "dev", dev, "parent", "1:10", "handle", "10:", "pfifo", "limit", "50");
    }

    /**
     * The set-up of every rate test: both paths shaped (path 1 to {@code mbit1}, path 2 to {@code mbit2}), an
     * iperf3 server on the server side, both ends started and path 1 (the second) up at the client.
     */
    public void startShaped(int mbit1, int mbit2) throws IOException, InterruptedException {
        shapePath(1, mbit1);
        shapePath(2, mbit2);
        Iperf.server(this, srv);
        start();
        awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
    }

    /** Shapes both directions of path {@code n} (1 or 2) to {@code mbit}. */
    public void shapePath(int n, int mbit) {
        shape(cli, "wan" + n, mbit);
        shape(srv, "p" + n, mbit);
    }

    /**
     * Random loss of {@code percent} on the tunnel's UDP arriving at the server over {@code dev}: the direction
     * the tests send in. The other direction stays clean, so iperf3's own control connection does not stall.
     */
    public void loss(String dev, int percent) {
        netns.exec(srv, "nft", "add rule inet cut in iifname " + dev + " udp dport 7000 numgen random mod 100 < "
                + percent + " counter drop");
    }

    /** Random loss of {@code percent} on the relay's UDP over {@code dev}, in both directions. */
    public void lossBothWays(String dev, int percent) {
        loss(dev, percent);
        netns.exec(srv, "nft", "add rule inet cut out oifname " + dev + " udp sport 7000 numgen random mod 100 < "
                + percent + " counter drop");
    }

    /**
     * Starts one end with the JVM options mwan3d's launcher uses for a config with a tunnel (share/jvm of the
     * distribution), so tests and benchmarks run the JIT, heap and direct-memory limits users run.
     */
    private void spawn(String ns, String side) {
        Path jvm = Path.of(System.getProperty("mwan3.dist", "target/dist"), "share", "jvm").toAbsolutePath();
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + jvm.resolve("mwan3d.options"), "@" + jvm.resolve("tunnel.options")));
        argv.addAll(jvmOptions.getOrDefault(side, List.of()));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), TunnelMain.class.getName(),
                "--config-dir", dir.resolve(side).toString(), "--tunnel", "mp0",
                "--state-dir", dir.resolve(side + "-state").toString(),
                "--status-file", dir.resolve(side + ".status").toString(),
                "--wan-states", dir.resolve(side + ".wan").toString()));
        ends.put(side, netns.spawn(ns, dir.resolve(side + ".log"), argv.toArray(new String[0])));
    }

    /** Runs {@link AttackTool} with {@code args} in namespace {@code ns}; its output goes to {@code log} in the lab dir. */
    Process attackTool(String ns, String log, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                AttackTool.class.getName()));
        argv.addAll(List.of(args));
        return netns.spawn(ns, dir.resolve(log), argv.toArray(new String[0]));
    }

    /** Tells a side's tunnel what mwan3's tracker would: {@code wan} is (not) usable. */
    void wanState(String side, String wan, boolean usable) throws IOException {
        Files.writeString(dir.resolve(side + ".wan"), wan + (usable ? " usable\n" : " unusable\n"));
    }

    /** The {@code tx} count of path {@code id} in a side's status. */
    long pathTx(String side, int id) throws IOException {
        for (String line : status(side).split("\n")) {
            List<String> f = List.of(line.split(" "));
            int tx = f.indexOf("tx");
            if (tx > 0 && tx + 1 < f.size() && f.get(0).equals("path") && f.get(1).equals(Integer.toString(id))) {
                return Long.parseLong(f.get(tx + 1));
            }
        }
        throw new AssertionError("no path " + id + " in " + status(side));
    }

    public String status(String side) throws IOException {
        Path f = dir.resolve(side + ".status");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** Waits up to 20 s for {@code text} in a side's status; fails with the log otherwise. */
    public String awaitStatus(String side, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            String s = status(side);
            if (s.contains(text)) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(side + " never showed '" + text + "'; status:\n" + status(side) + "\nlog:\n"
                + Files.readString(dir.resolve(side + ".log")));
    }

    public long counter(String side, String name) throws IOException {
        for (String line : status(side).split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 3 && f[0].equals("counter") && f[1].equals(name)) {
                return Long.parseLong(f[2]);
            }
        }
        throw new AssertionError("no counter " + name + " in " + status(side));
    }

    /** Drops the tunnel's UDP on the server's side of path device {@code dev} (p1 or p2), both directions. */
    public void cut(String dev) {
        netns.exec(srv, "nft", "add rule inet cut in iifname " + dev + " udp dport 7000 counter drop");
        netns.exec(srv, "nft", "add rule inet cut out oifname " + dev + " udp sport 7000 counter drop");
    }

    public void heal() {
        netns.exec(srv, "nft", "flush chain inet cut in");
        netns.exec(srv, "nft", "flush chain inet cut out");
    }

    /** Packets the cut rules dropped so far (from the nft counters). */
    public long cutDrops() {
        String out = netns.exec(srv, "nft", "list table inet cut");
        long sum = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("packets (\\d+)").matcher(out);
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    /** Round trips (ms, sorted) of {@code count} pings from the client to {@code target}, 10 ms apart. */
    public List<Double> pingRtts(String target, int count) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", cli, "ping", "-n", "-c", Integer.toString(count),
                "-i", "0.01", "-W", "2", target).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        List<Double> r = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("time=([0-9.]+) ms").matcher(out);
        while (m.find()) {
            r.add(Double.parseDouble(m.group(1)));
        }
        java.util.Collections.sort(r);
        return r;
    }

    /** Starts {@code ping -c count -i interval} from the client through the tunnel. */
    public Process ping(int count, String interval) throws IOException {
        return new ProcessBuilder("ip", "netns", "exec", cli, "ping", "-n", "-q", "-c", Integer.toString(count), "-i",
                interval, "-W", "2", "192.0.2.2").redirectErrorStream(true).start();
    }

    /** Received count from a finished ping's summary. */
    public static int received(Process ping) throws IOException, InterruptedException {
        String out = new String(ping.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        ping.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) received").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no ping summary: " + out);
        }
        return Integer.parseInt(m.group(1));
    }

    CommandResult run(String ns, String... argv) {
        return netns.run(ns, argv);
    }

    /** The wireguard-go of one side, from the pid file its relay keeps in the state dir. */
    java.util.Optional<ProcessHandle> wireguardGo(String side) throws IOException {
        Path pid = dir.resolve(side + "-state/wireguard-" + (side.equals("cli") ? CLIENT_DEVICE : SERVER_DEVICE) + ".pid");
        if (!Files.exists(pid)) {
            return java.util.Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()));
    }

    @Override
    public void close() {
        for (Process p : ends.values()) {
            p.destroyForcibly();
        }
        for (String side : List.of("cli", "srv")) {
            try {
                // wireguard-go outlives a killed relay on purpose (TunnelRunner); the lab's must not outlive it
                wireguardGo(side).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | RuntimeException e) {
                System.err.println("TunnelLab: wireguard-go of " + side + ": " + e.getMessage());
            }
        }
        try {
            netns.close();
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.err.println("TunnelLab: could not remove " + dir + ": " + e.getMessage());
            }
        }
    }
}
