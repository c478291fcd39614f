package net.mwan3.tunnel.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import net.mwan3.config.ConfigLoader;
import net.mwan3.config.ConfigResult;
import net.mwan3.config.TunnelConfig;
import net.mwan3.kernel.ProcessCommandRunner;

/**
 * Runs one tunnel of a config on its own, in the foreground, until killed:
 * {@code TunnelMain --config-dir DIR --tunnel NAME --state-dir DIR [--status-file FILE] [--wan-states FILE]}.
 * Tests start each end in its own namespace with {@code ip netns exec}; mwan3d runs the same {@link TunnelRunner}
 * itself. With --status-file it rewrites the status text every 100 ms; with --wan-states it reads, as often, lines
 * {@code WAN usable|unusable} (what mwan3d learns from its trackers). Exits 1 with one line on stderr when it
 * cannot start.
 */
public final class TunnelMain {
    private TunnelMain() {
    }

    public static void main(String[] args) throws Exception {
        String configDir = null;
        String name = null;
        Path stateDir = Path.of("/var/run/mwan3");
        Path statusFile = null;
        Path wanStates = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config-dir" -> configDir = args[i + 1];
                case "--tunnel" -> name = args[i + 1];
                case "--state-dir" -> stateDir = Path.of(args[i + 1]);
                case "--status-file" -> statusFile = Path.of(args[i + 1]);
                case "--wan-states" -> wanStates = Path.of(args[i + 1]);
                default -> fail("unknown option " + args[i]);
            }
        }
        if (configDir == null || name == null || args.length % 2 != 0) {
            fail("usage: TunnelMain --config-dir DIR --tunnel NAME [--state-dir DIR] [--status-file FILE]"
                    + " [--wan-states FILE]");
        }
        ConfigResult r = ConfigLoader.load(Path.of(configDir));
        if (r.hasErrors()) {
            fail("config: " + r.errors());
        }
        String wanted = name;
        TunnelConfig t = r.config().tunnels().stream().filter(x -> x.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tunnel '" + wanted + "'"));
        Files.createDirectories(stateDir);
        TunnelRunner runner = TunnelRunner.open(r.config(), t, stateDir, new ProcessCommandRunner());
        System.out.println("tunnel " + t.name() + " relaying for " + runner.device() + " ("
                + runner.status().implementation() + ")");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            stop.countDown();
        }));
        run(runner, stop, statusFile, wanStates);
    }

    private static void run(TunnelRunner e, CountDownLatch stop, Path statusFile, Path wanStates)
            throws InterruptedException, IOException {
        while (!stop.await(100, TimeUnit.MILLISECONDS)) {
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
