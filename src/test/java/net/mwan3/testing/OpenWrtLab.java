package net.mwan3.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import net.mwan3.lab.Netns;

/**
 * A router that looks like OpenWrt to the programs in it, built from nothing for a test: a network
 * namespace with N WAN veth pairs (198.18.N.2/24 on {@code ethN}, the gateway 198.18.N.1 in an "isp"
 * namespace) and, inside it, a private mount namespace where the built userland overlays /usr, /etc
 * is writable (overlay), /var/run and /opt are fresh tmpfs and /sys/fs/cgroup is the cgroup v2
 * hierarchy. There the real ubusd, netifd (UCI {@code network}: one {@code proto static} interface
 * {@code wanN} per WAN) and rpcd run, mwan3d is installed with {@code mwan3-install --openwrt} and
 * started by its init script. Nothing is installed on the host; {@link #close()} removes it all.
 */
public final class OpenWrtLab implements AutoCloseable {
    /** What rpcd's login for root checks ({@code secret}, as {@code openssl passwd -1 -salt mwan3lab}). */
    public static final String ROOT_PASSWORD = "secret";
    private static final String ROOT_HASH = "$1$mwan3lab$8mVEl7kBmMXWIDBwTrcQ/0";
    private static final String PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

    public final int wans;
    public final Path work;
    private final Netns netns = new Netns("owrt");
    public final String router;
    private final Process anchor;
    private final long pid;
    private final List<Process> services = new ArrayList<>();
    private Process ubusd;
    private Process netifd;
    private Process rpcd;

    /** The output of one command run inside. */
    public record Run(int code, String out, String err) {
        public Run orThrow() {
            if (code != 0) {
                throw new IllegalStateException("exit " + code + ": " + err + out);
            }
            return this;
        }
    }

    public OpenWrtLab(int wans, String mwan3Config) throws IOException {
        Path userland = OpenWrtUserland.root();
        this.wans = wans;
        this.work = Files.createTempDirectory("mwan3-owrt");
        boolean ok = false;
        try {
            router = netns.add("router");
            String isp = netns.add("isp");
            for (int n = 1; n <= wans; n++) {
                netns.veth(router, "eth" + n, isp, "isp" + n);
                netns.exec(isp, "ip", "addr", "add", "198.18." + n + ".1/24", "dev", "isp" + n);
            }
            for (String d : List.of("usr.u", "usr.w", "etc.u", "etc.w")) {
                Files.createDirectories(work.resolve(d));
            }
            anchor = new ProcessBuilder("ip", "netns", "exec", router, "unshare", "-m", "--propagation", "private",
                    "sh", "-ec", SETUP, "sh", userland.toString(), work.toString()).redirectErrorStream(true).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(anchor.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (!"ready".equals(line)) {
                throw new IOException("the OpenWrt mount namespace did not come up: " + line + "\n" + drain(r));
            }
            pid = anchor.pid();
            write("/etc/config/network", network(wans));
            write("/etc/config/rpcd", "config login\n\toption username 'root'\n\toption password '" + ROOT_HASH
                    + "'\n\tlist read '*'\n\tlist write '*'\n");
            write("/etc/config/mwan3", mwan3Config);
            write("/etc/openwrt_release", "DISTRIB_ID='OpenWrt'\nDISTRIB_RELEASE='lab'\n");
            write("/etc/rc.common", RC_COMMON);
            write("/usr/sbin/hotplug-call", HOTPLUG_CALL);
            run("chmod", "755", "/usr/sbin/hotplug-call", "/etc/rc.common").orThrow();
            startUbusd();
            netifd = spawn("netifd.log", "netifd", "-S");
            await("netifd brings up every WAN", () -> {
                for (int n = 1; n <= wans; n++) {
                    if (!ubus("call", "network.interface.wan" + n, "status").out().contains("\"up\": true")) {
                        return false;
                    }
                }
                return true;
            });
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /**
     * Runs in the new mount namespace: the userland over /usr, a writable /etc, fresh /var/run and
     * /opt, cgroup v2 at /sys/fs/cgroup (for {@code mwan3 use}); then it holds the namespace open.
     */
    private static final String SETUP = String.join("\n",
            "R=$1; W=$2",
            "mount --make-rprivate /",
            "mount -t overlay overlay -o lowerdir=$R/usr:/usr,upperdir=$W/usr.u,workdir=$W/usr.w /usr",
            "mount -t overlay overlay -o lowerdir=/etc,upperdir=$W/etc.u,workdir=$W/etc.w /etc",
            "mount -t tmpfs tmpfs /var/run",
            "mount -t tmpfs tmpfs /opt",
            "mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null || true",
            "rm -f /etc/config/mwan3 /etc/mwan3.user",
            "mkdir -p /etc/config /var/run/ubus /var/run/lock /etc/hotplug.d/iface /usr/libexec/rpcd",
            "echo ready",
            "exec sleep 2147483647");

    /** procd's part of rc.common, enough for mwan3's init script: start runs the instance's command. */
    private static final String RC_COMMON = String.join("\n",
            "#!/bin/sh",
            "# A stand-in for OpenWrt's /etc/rc.common with procd (lab only): start runs the instance command.",
            "initscript=$1; action=$2",
            "procd_open_instance() { :; }",
            "procd_close_instance() { :; }",
            "procd_add_reload_trigger() { :; }",
            "procd_set_param() { [ \"$1\" = command ] && { shift; CMD=\"$*\"; }; :; }",
            ". \"$initscript\"",
            "start() {",
            "  start_service",
            "  $CMD >> /var/run/mwan3d.log 2>&1 &",
            "  echo $! > /var/run/mwan3d.pid",
            "}",
            "stop() { kill \"$(cat /var/run/mwan3d.pid)\"; }",
            "case \"$action\" in",
            "  start) start ;;",
            "  stop) stop ;;",
            "  reload) reload_service ;;",
            "  enable|disable) ;;",
            "esac",
            "");

    /** procd's hotplug-call: sources each /etc/hotplug.d/$1 script in a subshell; traced into /var/run/hotplug.log. */
    private static final String HOTPLUG_CALL = String.join("\n",
            "#!/bin/sh",
            "for script in /etc/hotplug.d/\"$1\"/*; do",
            "  [ -f \"$script\" ] || continue",
            "  echo \"== $ACTION $INTERFACE $DEVICE $script\" >> /var/run/hotplug.log",
            "  ( set -x; . \"$script\" ) >> /var/run/hotplug.log 2>&1",
            "done",
            "");

    private static String network(int wans) {
        StringBuilder sb = new StringBuilder();
        for (int n = 1; n <= wans; n++) {
            sb.append("config interface 'wan").append(n).append("'\n\toption device 'eth").append(n)
                    .append("'\n\toption proto 'static'\n\toption ipaddr '198.18.").append(n)
                    .append(".2'\n\toption netmask '255.255.255.0'\n\toption gateway '198.18.").append(n)
                    .append(".1'\n\toption metric '").append(n * 10).append("'\n\n");
        }
        return sb.toString();
    }

    /** An mwan3 config for the lab's WANs: each tracked through its gateway, all in one balanced policy. */
    public static String mwan3Config(int wans, String extra) {
        StringBuilder sb = new StringBuilder("config globals 'globals'\n\toption mmx_mask '0x3F00'\n\n");
        for (int n = 1; n <= wans; n++) {
            sb.append("config interface 'wan").append(n).append("'\n\toption enabled '1'\n\tlist track_ip '198.18.")
                    .append(n).append(".1'\n\toption interval '1'\n\toption up '1'\n\toption down '2'\n\n");
        }
        for (int n = 1; n <= wans; n++) {
            sb.append("config member 'wan").append(n).append("_m1'\n\toption interface 'wan").append(n)
                    .append("'\n\toption metric '1'\n\toption weight '").append(wans + 1 - n).append("'\n\n");
        }
        sb.append("config policy 'balanced'\n");
        for (int n = 1; n <= wans; n++) {
            sb.append("\tlist use_member 'wan").append(n).append("_m1'\n");
        }
        sb.append("\nconfig rule 'default_rule'\n\toption dest_ip '0.0.0.0/0'\n\toption family 'ipv4'\n"
                + "\toption use_policy 'balanced'\n\n").append(extra);
        return sb.toString();
    }

    public String isp() {
        return netns.names().get(1);
    }

    public Netns netns() {
        return netns;
    }

    /**
     * A path inside the namespace as the host (this JVM) reaches it, through {@code /proc/PID/root}.
     * An absolute symlink met on the way would lead back to the host's root, so Debian's
     * {@code /var/run -> /run} is resolved here.
     */
    public Path path(String inside) {
        String p = inside.startsWith("/var/run/") ? inside.substring(4) : inside;
        return Path.of("/proc/" + pid + "/root" + p);
    }

    public void write(String inside, String text) throws IOException {
        Files.writeString(path(inside), text, StandardCharsets.UTF_8);
    }

    public String read(String inside) throws IOException {
        Path p = path(inside);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private List<String> enter(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-m", "-n", "--"));
        cmd.addAll(List.of(argv));
        return cmd;
    }

    /** Runs a command inside and waits for it (at most a minute). */
    public Run run(String... argv) {
        return run(null, argv);
    }

    public Run run(java.util.Map<String, String> env, String... argv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(enter(argv));
            pb.environment().put("PATH", PATH);
            if (env != null) {
                pb.environment().putAll(env);
            }
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + List.of(argv));
            }
            Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Run sh(String script) {
        return run("sh", "-c", script);
    }

    /** The real {@code ubus} client. */
    public Run ubus(String... args) {
        List<String> a = new ArrayList<>(List.of("ubus", "-t", "10"));
        a.addAll(List.of(args));
        return run(a.toArray(String[]::new));
    }

    /** A long-running program inside, its output in {@code work/log}; stopped by {@link #close()}. */
    public Process spawn(String log, String... argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(enter(argv)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(log).toFile()));
        pb.environment().put("PATH", PATH);
        Process p = pb.start();
        services.add(p);
        return p;
    }

    public void startUbusd() throws IOException {
        startUbusd("/var/run/ubus/ubus.sock");
    }

    /**
     * Starts ubusd on {@code socket}; rpcd, which exits when its ubusd goes away, is started again
     * as procd would respawn it.
     */
    public void startUbusd(String socket) throws IOException {
        ubusd = spawn("ubusd.log", "ubusd", "-s", socket);
        await("ubusd's socket " + socket, () -> Files.exists(path(socket)));
        if (rpcd != null && !rpcd.isAlive() && socket.equals("/var/run/ubus/ubus.sock")) {
            startRpcd();
        }
    }

    /** rpcd again if it is not on the current ubusd (it exits with its ubusd; procd would start it again). */
    public void ensureRpcd() throws IOException {
        if (rpcd != null && (!rpcd.isAlive() || ubus("list", "session").code() != 0)) {
            rpcd.destroy();
            try {
                rpcd.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            startRpcd();
        }
    }

    /** Stops ubusd (as procd would, SIGTERM) and waits until it is gone; its socket goes with it. */
    public void stopUbusd() throws IOException {
        ubusd.destroy();
        try {
            ubusd.waitFor(10, TimeUnit.SECONDS);
            if (rpcd != null) {
                rpcd.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(path("/var/run/ubus/ubus.sock"));
    }

    public void startRpcd() throws IOException {
        rpcd = spawn("rpcd.log", "rpcd");
        await("rpcd's objects", () -> ubus("list", "file").code() == 0 && ubus("list", "session").code() == 0);
    }

    /** {@code mwan3-install --openwrt} from the built distribution, as a user would run it on the router. */
    public Run install() {
        Path dist = Path.of(System.getProperty("mwan3.dist", "target/dist")).toAbsolutePath();
        return run("sh", dist.resolve("bin/mwan3-install").toString(), "--openwrt");
    }

    /** {@code /etc/init.d/mwan3 start}, then waits until mwan3d serves ubus and its interfaces are online. */
    public void startDaemon() throws IOException {
        run("/etc/init.d/mwan3", "start").orThrow();
        await("mwan3d serves ubus 'mwan3' with every WAN online", () -> {
            String s = ubus("call", "mwan3", "status", "{\"section\":\"interfaces\"}").out();
            return s.split("\"status\": \"online\"", -1).length - 1 == wans;
        });
    }

    public long ubusdPid() {
        return ubusd.pid();
    }

    public long rpcdPid() {
        return rpcd.pid();
    }

    /** The daemon's pid as its init script recorded it. */
    public long daemonPid() throws IOException {
        return Long.parseLong(read("/var/run/mwan3d.pid").strip());
    }

    /** SIGTERM to mwan3d (it tears down what it owns) and waits for it to exit. */
    public void stopDaemon() throws IOException {
        if (!Files.exists(path("/var/run/mwan3d.pid"))) {
            return;
        }
        long d = daemonPid();
        ProcessHandle.of(d).ifPresent(h -> {
            h.destroy();
            h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> {
                h.destroyForcibly();
                return h;
            }).join();
        });
        Files.deleteIfExists(path("/var/run/mwan3d.pid"));
    }

    public String daemonLog() {
        try {
            return read("/var/run/mwan3d.log");
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** Waits up to 20 s for {@code cond}; fails naming {@code what} with the daemon's log. */
    public void await(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            pause(50);
        }
        throw new AssertionError("timed out waiting for: " + what + "\nmwan3d log:\n" + daemonLog());
    }

    public static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String drain(BufferedReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l = r.readLine(); l != null; l = r.readLine()) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            if (anchor != null && anchor.isAlive()) {
                stopDaemon();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("OpenWrtLab: stopping mwan3d: " + e);
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).destroy();
        }
        for (Process p : services) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (anchor != null) {
            removeCgroups();
            anchor.destroyForcibly();
            try {
                anchor.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        netns.close();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("OpenWrtLab: " + e.getMessage());
        }
    }

    /** mwan3d removes its cgroups on a clean stop; after a crash the empty ones would stay behind. */
    private void removeCgroups() {
        Path cg = path("/sys/fs/cgroup/mwan3");
        if (!Files.isDirectory(cg)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(cg)) {
            dirs.filter(Files::isDirectory).forEach(d -> d.toFile().delete());
        } catch (IOException e) {
            System.err.println("OpenWrtLab: " + e.getMessage());
        }
        cg.toFile().delete();
    }
}
