package net.mwan3.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.stream.Collectors;

import net.mwan3.alert.UserScript;
import net.mwan3.config.ConfigLoader;
import net.mwan3.config.ConfigProblem;
import net.mwan3.config.ConfigResult;
import net.mwan3.kernel.CommandRunner;
import net.mwan3.kernel.Conntrack;
import net.mwan3.kernel.KernelException;
import net.mwan3.kernel.LinkMonitor;
import net.mwan3.kernel.LinuxKernel;
import net.mwan3.kernel.Nft;
import net.mwan3.kernel.ProcessCommandRunner;
import net.mwan3.kernel.Rtnetlink;
import net.mwan3.metrics.MicrometerMetrics;
import net.mwan3.ubus.NetifdWatch;
import net.mwan3.ubus.UbusClient;

/**
 * {@code mwan3d [--config-dir DIR] [--state-dir DIR] [--user-script FILE] [--ubus-socket PATH]}:
 * runs in the foreground until SIGTERM/SIGINT or {@code mwan3 stop}, removing everything it owns on
 * the way out. SIGHUP reloads. Exits non-zero with one line on stderr when it cannot start. Where
 * ubusd runs it serves the ubus object {@code mwan3} and follows netifd.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    /** In the state dir while netifd is followed over ubus: the hotplug.d hook then starts no JVM. */
    public static final String NETIFD_MARKER = "follows-netifd";

    private Main() {
    }

    public static void main(String[] args) {
        setUpLogging();
        Options opts;
        try {
            opts = Options.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String problem = preconditions();
        if (problem != null) {
            fail(problem);
        }
        ConfigResult cfg = ConfigLoader.load(opts.configDir());
        cfg.problems().stream().filter(p -> !p.isError()).forEach(p -> LOG.warning(p.toString()));
        if (cfg.hasErrors()) {
            fail("mwan3d: configuration refused: " + cfg.errors().stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("; ")));
        }
        run(opts, cfg);
    }

    private static void run(Options opts, ConfigResult cfg) {
        Path stateDir;
        ControlAccess access;
        try {
            stateDir = StateDir.prepare(opts.stateDir());
            access = ControlAccess.of(cfg.config().globals().controlGroup());
        } catch (IOException e) {
            fail("mwan3d: " + e.getMessage());
            return;
        }
        CommandRunner runner = new ProcessCommandRunner();
        Nft nft = nftables(runner);
        Rtnetlink rtnl;
        Conntrack conntrack;
        try {
            rtnl = Rtnetlink.open();
            conntrack = Conntrack.open();
        } catch (KernelException e) {
            fail("mwan3d: " + e.getMessage());
            return;
        }
        Daemon[] holder = new Daemon[1];
        UserScript script = new UserScript(opts.userScript(), java.time.Duration.ofSeconds(30),
                (iface, outcome) -> holder[0].metrics.userScript(iface, outcome));
        Events events = new Events(script, conntrack,
                () -> holder[0].config.globals().mmxMask());
        ProbeWiring probes = ProbeWiring.create(() -> holder[0].config.globals().mmxMask().defaultMark());
        Daemon daemon = new Daemon(cfg.config(), new LinuxKernel(rtnl, nft), rtnl, events,
                d -> new Trackers(d, probes), Clock.systemUTC());
        holder[0] = daemon;
        daemon.cgroups = new UseCgroups(UseCgroups.ROOT);
        daemon.journal = OwnershipJournal.open(stateDir);
        daemon.tunnels.stateDir(stateDir);
        Runnable shutdown = () -> new Thread(() -> System.exit(0), "mwan3-stop").start();
        ControlServer control;
        try {
            control = new ControlServer(stateDir, access, new Commands(daemon, opts.configDir(), runner, nft, shutdown));
        } catch (IOException e) {
            fail("mwan3d: " + e.getMessage());
            return;
        }
        daemon.onReload = next -> {
            String group = next.globals().controlGroup();
            try {
                control.permit(ControlAccess.of(group));
            } catch (IOException e) {
                LOG.warning("control_group " + group + ": " + e.getMessage() + "; the control socket keeps its access");
            }
        };
        String listen = cfg.config().globals().metricsListen();
        if (listen != null) {
            try {
                MicrometerMetrics m = MicrometerMetrics.start(listen, daemon::status);
                daemon.metrics = m;
                LOG.info(() -> "metrics on http://" + listen + "/metrics");
            } catch (IOException e) {
                fail("mwan3d: cannot serve metrics on " + listen + ": " + e.getMessage());
            }
        }
        LinkMonitor monitor = new LinkMonitor(daemon::markDirty, daemon::resync, rtnl.portid());
        UbusClient ubus = ubus(opts, daemon);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            monitor.close();
            ubus.close();
            daemon.close();
            try {
                control.close();
            } catch (IOException e) {
                LOG.warning("closing control socket: " + e.getMessage());
            }
            // SIGTERM is the normal way to stop a service: after a clean teardown, exit 0, not 143.
            Runtime.getRuntime().halt(0);
        }, "mwan3-shutdown"));
        SignalHandlers.onHangup(() -> new Commands(daemon, opts.configDir(), runner, nft, shutdown)
                .apply(java.util.List.of("reload")));
        LOG.info(() -> "mwan3d started: " + cfg.config().enabledInterfaces().size() + " enabled interface(s), "
                + probes.describe() + "; nftables: " + nft.describe());
        daemon.start();
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The ubus client (idle where there is no ubus); a marker left by a daemon killed earlier goes first. */
    private static UbusClient ubus(Options opts, Daemon daemon) {
        java.nio.file.Path marker = opts.stateDir().resolve(NETIFD_MARKER);
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            LOG.warning(() -> "cannot remove " + marker + ": " + e.getMessage());
        }
        daemon.netifd.marker = marker;
        return new UbusClient(opts.ubusSocket(), java.util.List.of(new StatusObject(daemon::status)),
                new NetifdWatch(daemon.netifdSink()));
    }

    /** libnftables in process when it is installed (see {@link Nft#open}), else the nft binary. */
    private static Nft nftables(CommandRunner runner) {
        Nft nft;
        try {
            nft = Nft.open(runner, r -> {
                Thread t = new Thread(r, "mwan3-nft");
                t.setDaemon(true);
                return t;
            });
        } catch (IllegalArgumentException | LinkageError | KernelException e) {
            fail("mwan3d: nftables: " + e.getMessage());
            return null;
        }
        if (!nft.inProcess() && !runner.run("nft", "--version").ok()) {
            fail("mwan3d: neither libnftables nor 'nft' found (install nftables)");
        }
        return nft;
    }

    /** Null when the daemon can run here, else the one line saying why not. */
    static String preconditions() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"), StandardCharsets.US_ASCII);
            for (String line : status.split("\n")) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    if ((caps & (1L << 12)) == 0) {
                        return "mwan3d: needs CAP_NET_ADMIN (run as root)";
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "mwan3d: cannot read capabilities: " + e.getMessage();
        }
        return null;
    }

    private static void fail(String line) {
        System.err.println(line);
        System.exit(1);
    }

    private static void setUpLogging() {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Formatter format = new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                return "mwan3d: " + (r.getLevel().intValue() >= Level.WARNING.intValue() ? r.getLevel() + ": " : "")
                        + msg + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")") + "\n";
            }
        };
        // A StreamHandler on stdout, not a ConsoleHandler redirected there: redirecting closes the
        // ConsoleHandler's stream, System.err, and with it the one line a failed start prints.
        StreamHandler h = new StreamHandler(System.out, format) {
            @Override
            public synchronized void publish(LogRecord r) {
                super.publish(r);
                flush();
            }
        };
        root.addHandler(h);
        root.setLevel(Level.INFO);
    }
}
