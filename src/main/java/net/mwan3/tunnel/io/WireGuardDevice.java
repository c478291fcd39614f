package net.mwan3.tunnel.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import net.mwan3.kernel.CommandResult;
import net.mwan3.kernel.CommandRunner;

/**
 * The WireGuard interface a tunnel relays for. Managed ({@code private_key} in the config): the kernel's
 * WireGuard where {@code ip link add DEV type wireguard} works, else {@code wireguard-go DEV} from PATH, run in
 * the foreground ({@code WG_PROCESS_FOREGROUND=1}) as our child, its pid kept in the state dir. The device
 * outlives a crash of the relay on purpose: a restarted relay finds it (same name, pid alive) and only
 * reconfigures it, so WireGuard's session survives and traffic crosses as soon as the paths are back, instead of
 * waiting out WireGuard's 5-second handshake retry. A clean {@link #close} removes it. External
 * ({@code option wireguard}): netifd, wg-quick or systemd-networkd own the interface and we only read its listen
 * port and handshake.
 *
 * <p>Keys reach {@code wg} on its standard input ({@code private-key /dev/stdin}), never on a command line. The
 * {@code ip} and {@code wg} processes run at set-up only; in steady state the latest handshake is read from
 * wireguard-go's UAPI socket ({@link WireGuardUapi}), or for the kernel's with one {@code wg show} per status
 * request.
 */
public final class WireGuardDevice implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    /** Where wireguard-go puts its UAPI sockets; one directory for every network namespace. */
    public static final Path UAPI_DIR = Path.of(System.getProperty("mwan3.wireguard.run", "/var/run/wireguard"));

    /** How the device is run. */
    public enum Implementation {
        KERNEL("kernel"), WIREGUARD_GO("wireguard-go"), EXTERNAL("external");

        private final String word;

        Implementation(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** What a managed device is set up with; keys in base64. */
    public record Settings(String device, String privateKey, String peerPublicKey, byte[] presharedKey,
                           String address, int mtu, String endpoint, int listenPort) {
        @Override
        public String toString() {
            return "Settings[" + device + ", " + address + ", mtu " + mtu + ", endpoint " + endpoint + "]"; // no keys
        }
    }

    private final String name;
    private final Implementation implementation;
    private final CommandRunner run;
    private final Path pidFile;
    private final Process child;
    private final boolean managed;
    private final int listenPort;

    private WireGuardDevice(String name, Implementation implementation, CommandRunner run, Path pidFile,
                            Process child, boolean managed, int listenPort) {
        this.name = name;
        this.implementation = implementation;
        this.run = run;
        this.pidFile = pidFile;
        this.child = child;
        this.managed = managed;
        this.listenPort = listenPort;
    }

    /** Creates (or takes over after a crash) and configures the device of {@code s}. */
    public static WireGuardDevice managed(Settings s, Path stateDir, CommandRunner run) {
        Path pidFile = stateDir.resolve("wireguard-" + s.device() + ".pid");
        Implementation impl;
        Process child = null;
        Optional<Long> alive = ourWireguardGo(pidFile);
        boolean exists = run.run("ip", "link", "show", "dev", s.device()).ok();
        if (exists && alive.isPresent()) {
            impl = Implementation.WIREGUARD_GO;
            LOG.info(() -> "tunnel device " + s.device() + ": taking over wireguard-go pid " + alive.get());
        } else if (exists && isKernelWireguard(run, s.device())) {
            impl = Implementation.KERNEL;
        } else {
            if (exists) {
                run.run("ip", "link", "del", "dev", s.device()); // a leftover we cannot use: start clean
            }
            if (run.run("ip", "link", "add", "dev", s.device(), "type", "wireguard").ok()) {
                impl = Implementation.KERNEL;
            } else {
                impl = Implementation.WIREGUARD_GO;
                child = startWireguardGo(s.device(), pidFile, run);
            }
        }
        try {
            run.run(List.of("wg", "set", s.device(), "listen-port", Integer.toString(s.listenPort()), "private-key",
                    "/dev/stdin"), s.privateKey() + "\n").orThrow();
            String psk = Base64.getEncoder().encodeToString(s.presharedKey());
            List<String> peer = new java.util.ArrayList<>(List.of("wg", "set", s.device(), "peer", s.peerPublicKey(),
                    "preshared-key", "/dev/stdin", "allowed-ips", "0.0.0.0/0,::/0"));
            if (s.endpoint() != null) {
                peer.addAll(List.of("endpoint", s.endpoint()));
            }
            run.run(peer, psk + "\n").orThrow();
            if (s.address() != null) {
                run.run("ip", "address", "replace", s.address(), "dev", s.device()).orThrow();
            }
            run.run("ip", "link", "set", "dev", s.device(), "mtu", Integer.toString(s.mtu())).orThrow();
            return new WireGuardDevice(s.device(), impl, run, pidFile, child, true, s.listenPort());
        } catch (RuntimeException e) {
            new WireGuardDevice(s.device(), impl, run, pidFile, child, true, 0).close();
            throw e;
        }
    }

    /** An interface someone else manages; we read its listen port (the relay sends WireGuard's datagrams there). */
    public static WireGuardDevice external(String device, CommandRunner run) {
        if (!run.run("ip", "link", "show", "dev", device).ok()) {
            throw new TunnelIoException("wireguard interface " + device + " does not exist (yet)");
        }
        return new WireGuardDevice(device, Implementation.EXTERNAL, run, null, null, false,
                readListenPort(run, device));
    }

    private static Process startWireguardGo(String device, Path pidFile, CommandRunner run) {
        Path sock = UAPI_DIR.resolve(device + ".sock");
        try {
            Files.deleteIfExists(sock); // a dead wireguard-go's: no process of ours owns the device
        } catch (IOException e) {
            throw new TunnelIoException("cannot remove stale " + sock + ": " + e.getMessage());
        }
        ProcessBuilder pb = new ProcessBuilder("wireguard-go", device).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("WG_PROCESS_FOREGROUND", "1");
        Process p;
        try {
            p = pb.start();
            Files.writeString(pidFile, Long.toString(p.pid()) + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TunnelIoException("cannot start wireguard-go " + device + " (neither kernel WireGuard nor "
                    + "wireguard-go on PATH?): " + e.getMessage());
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new TunnelIoException("wireguard-go " + device + " exited with " + p.exitValue());
            }
            if (Files.exists(sock) && run.run("ip", "link", "show", "dev", device).ok()) {
                return p;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        p.destroyForcibly();
        throw new TunnelIoException("wireguard-go " + device + " did not come up within 5 s");
    }

    /** The pid in {@code pidFile} if that process is alive and is wireguard-go. */
    private static Optional<Long> ourWireguardGo(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.endsWith("wireguard-go")).orElse(false))
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            LOG.fine(() -> "unreadable " + pidFile + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean isKernelWireguard(CommandRunner run, String device) {
        CommandResult r = run.run("ip", "-d", "link", "show", "dev", device);
        return r.ok() && r.stdout().contains("wireguard") && !Files.exists(UAPI_DIR.resolve(device + ".sock"));
    }

    private static int readListenPort(CommandRunner run, String device) {
        CommandResult r = run.run("wg", "show", device, "listen-port").orThrow();
        try {
            return Integer.parseInt(r.stdout().trim());
        } catch (NumberFormatException e) {
            throw new TunnelIoException("wg show " + device + " listen-port: '" + r.stdout().trim() + "'");
        }
    }

    /**
     * Brings a managed device up, once the relay's local socket is bound: WireGuard sends its first handshake
     * the moment the link is up (the kernel's IPv6 chatter on a new link is enough), and a datagram to a port
     * nobody holds yet would be lost for WireGuard's 5-second retry.
     */
    public void up() {
        if (managed) {
            run.run("ip", "link", "set", "dev", name, "up").orThrow();
        }
    }

    public String name() {
        return name;
    }

    public Implementation implementation() {
        return implementation;
    }

    /** WireGuard's UDP port: the relay delivers to 127.0.0.1 on it. */
    public int listenPort() {
        return listenPort;
    }

    /**
     * Seconds since the epoch of the latest WireGuard handshake, 0 if none. wireguard-go's is read over its UAPI
     * socket (no process); the kernel's with one {@code wg show}: only when status is asked for.
     */
    public long latestHandshake() {
        Path sock = UAPI_DIR.resolve(name + ".sock");
        if (implementation != Implementation.KERNEL && Files.exists(sock)) {
            return WireGuardUapi.latestHandshake(sock);
        }
        CommandResult r = run.run("wg", "show", name, "latest-handshakes");
        if (!r.ok()) {
            return 0;
        }
        long latest = 0;
        for (String line : r.stdout().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[1].matches("\\d+")) {
                latest = Math.max(latest, Long.parseLong(f[1]));
            }
        }
        return latest;
    }

    /** Removes a managed device (stops our wireguard-go); leaves an external one alone. */
    @Override
    public void close() {
        if (!managed) {
            return;
        }
        if (child != null) {
            child.destroy();
            waitFor(child.toHandle());
        } else if (implementation == Implementation.WIREGUARD_GO) {
            ourWireguardGo(pidFile).flatMap(ProcessHandle::of).ifPresent(h -> {
                h.destroy();
                waitFor(h);
            });
        }
        run.run("ip", "link", "del", "dev", name); // kernel device; gone already with wireguard-go's TUN
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warning(() -> "cannot remove " + pidFile + ": " + e.getMessage());
        }
    }

    private static void waitFor(ProcessHandle h) {
        try {
            h.onExit().get(3, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            h.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.fine(() -> "waiting for wireguard-go: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
