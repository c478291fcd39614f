package net.mwan3.tunnel.io;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import net.mwan3.config.ConfigLoader;
import net.mwan3.config.ConfigResult;
import net.mwan3.config.InterfaceConfig;
import net.mwan3.config.Mwan3Config;
import net.mwan3.config.TunnelConfig;
import net.mwan3.config.TunnelRole;
import net.mwan3.kernel.ProcessCommandRunner;

/**
 * Runs one tunnel of a config on its own, in the foreground, until killed:
 * {@code TunnelMain --config-dir DIR --tunnel NAME [--status-file FILE] [--beat-ms N] [--wan-states FILE]}.
 * Tests start each end
 * in its own namespace with {@code ip netns exec}; mwan3d will run the same {@link TunnelEndpoint} itself.
 * It creates the TUN device, gives it the tunnel's address and MTU, and (with --status-file) rewrites the
 * status text every 200 ms. With --wan-states it reads, every 200 ms, lines {@code WAN usable|unusable} (what
 * mwan3d learns from its trackers) and passes them to {@link TunnelEndpoint#setWanUsable}. Exits 1 with one line on stderr when it cannot start.
 */
public final class TunnelMain {
    private TunnelMain() {
    }

    public static void main(String[] args) throws Exception {
        String configDir = null;
        String name = null;
        Path statusFile = null;
        Path wanStates = null;
        long beatMs = 100;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config-dir" -> configDir = args[i + 1];
                case "--tunnel" -> name = args[i + 1];
                case "--status-file" -> statusFile = Path.of(args[i + 1]);
                case "--beat-ms" -> beatMs = Long.parseLong(args[i + 1]);
                case "--wan-states" -> wanStates = Path.of(args[i + 1]);
                default -> fail("unknown option " + args[i]);
            }
        }
        if (configDir == null || name == null || args.length % 2 != 0) {
            fail("usage: TunnelMain --config-dir DIR --tunnel NAME [--status-file FILE] [--beat-ms N]"
                    + " [--wan-states FILE]");
        }
        ConfigResult r = ConfigLoader.load(Path.of(configDir));
        if (r.hasErrors()) {
            fail("config: " + r.errors());
        }
        String wanted = name;
        TunnelConfig t = r.config().tunnels().stream().filter(x -> x.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tunnel '" + wanted + "' in " + r.config().tunnels()));
        try (TunnelEndpoint e = open(r.config(), t, beatMs * 1_000_000L)) {
            e.start();
            System.out.println("tunnel " + t.name() + " running on " + t.device() + ", sealing with "
                    + AeadChoice.describe());
            run(e, statusFile, wanStates);
        }
    }

    /** Creates the TUN device with the tunnel's address and MTU and the endpoint on it (not yet started). */
    public static TunnelEndpoint open(Mwan3Config config, TunnelConfig t, long beatNanos) throws UnknownHostException {
        TunDevice tun = TunDevice.open(t.device());
        try {
            ProcessCommandRunner ip = new ProcessCommandRunner();
            if (t.address() != null) {
                ip.run("ip", "address", "add", t.address(), "dev", t.device()).orThrow();
            }
            ip.run("ip", "link", "set", "dev", t.device(), "mtu", Integer.toString(t.mtu()), "up").orThrow();
            if (t.role() == TunnelRole.SERVER) {
                return TunnelEndpoint.server(t, tun, hostPort(t.listen()), beatNanos);
            }
            return TunnelEndpoint.client(t, tun, clientPaths(config, t), beatNanos);
        } catch (RuntimeException | UnknownHostException ex) {
            tun.close();
            throw ex;
        }
    }

    /** One path per (WAN, peer): the WAN's device and its mwan3 mark, so the path leaves by that WAN. */
    static List<TunnelEndpoint.ClientPath> clientPaths(Mwan3Config config, TunnelConfig t) throws UnknownHostException {
        List<TunnelEndpoint.ClientPath> out = new ArrayList<>();
        for (String wan : t.paths()) {
            InterfaceConfig iface = config.iface(wan).orElseThrow();
            int mark = (int) config.globals().mmxMask().interfaceMark(iface.id());
            for (String peer : t.peers()) {
                out.add(new TunnelEndpoint.ClientPath(wan, wan + "->" + peer, iface.device(), mark, hostPort(peer)));
            }
        }
        return out;
    }

    static InetSocketAddress hostPort(String s) throws UnknownHostException {
        int colon = s.lastIndexOf(':');
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(s.substring(colon + 1)));
    }

    private static void run(TunnelEndpoint e, Path statusFile, Path wanStates) throws InterruptedException, IOException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        while (!stop.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (wanStates != null && Files.exists(wanStates)) {
                for (String line : Files.readAllLines(wanStates, StandardCharsets.UTF_8)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 2) {
                        e.setWanUsable(f[0], f[1].equals("usable"));
                    }
                }
            }
            if (statusFile != null) {
                Path tmp = statusFile.resolveSibling(statusFile.getFileName() + ".tmp");
                Files.writeString(tmp, e.status().toText(), StandardCharsets.UTF_8);
                Files.move(tmp, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void fail(String message) {
        System.err.println("TunnelMain: " + message);
        System.exit(1);
    }
}
