package net.mwan3.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.mwan3.daemon.ControlProtocol;
import net.mwan3.daemon.Reply;
import net.mwan3.kernel.KernelException;

/**
 * The real {@code mwan3d} running in a topology's router namespace on a given config, with its own
 * config, state and log files under {@code workDir}. {@link #close()} stops it with SIGTERM, so it
 * tears its kernel state down as in production.
 */
public final class LabRouter implements AutoCloseable {
    private final Topology topology;
    private final Path configDir;
    private final Path stateDir;
    private final Path log;
    private final Path events;
    private final Process daemon;

    public LabRouter(Topology topology, String mwan3Config, Path workDir) throws IOException {
        this(topology, topology.router(), mwan3Config, workDir);
    }

    /** An mwan3d in namespace {@code ns} of the topology (the bonded scene's tunnel server runs in the internet). */
    public LabRouter(Topology topology, String ns, String mwan3Config, Path workDir) throws IOException {
        this(topology, ns, mwan3Config, workDir, "");
    }

    /**
     * As above, with {@code scriptPrelude} (shell lines) run by the user script before it logs the
     * event, e.g. to make it hang for one interface.
     */
    public LabRouter(Topology topology, String ns, String mwan3Config, Path workDir, String scriptPrelude)
            throws IOException {
        this.topology = topology;
        this.configDir = Files.createDirectories(workDir.resolve("config"));
        this.stateDir = workDir.resolve("state");
        this.log = workDir.resolve("mwan3d.log");
        this.events = workDir.resolve("events.log");
        Files.writeString(configDir.resolve("mwan3"), mwan3Config, StandardCharsets.UTF_8);
        Path script = workDir.resolve("mwan3.user");
        Files.writeString(script, "#!/bin/sh\n" + scriptPrelude + "echo \"$(date +%s.%N) $ACTION $INTERFACE $DEVICE\" >> "
                + events + "\n");
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(launcherOptions(mwan3Config));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "net.mwan3.daemon.Main", "--config-dir", configDir.toString(), "--state-dir", stateDir.toString(),
                "--user-script", script.toString()));
        this.daemon = topology.netns().spawn(ns, log, argv.toArray(new String[0]));
        awaitSocket();
    }

    private static final java.util.regex.Pattern TUNNEL =
            java.util.regex.Pattern.compile("(?m)^[ \\t]*config[ \\t]+tunnel([ \\t]|$)");

    /**
     * The JVM options {@code bin/mwan3d} would start this config with (its share/jvm @-files: JIT,
     * heap, how processes are spawned), so the lab, the tests and the benchmarks time the daemon
     * users run. Outside a distribution (no share/jvm found) a small serial-GC heap.
     */
    static List<String> launcherOptions(String mwan3Config) {
        Path jvm = distJvmDir();
        if (jvm == null) {
            return List.of("-XX:+UseSerialGC", "-Xmx64m");
        }
        List<String> out = new ArrayList<>(List.of("@" + jvm.resolve("mwan3d.options")));
        if (TUNNEL.matcher(mwan3Config).find()) {
            out.add("@" + jvm.resolve("tunnel.options"));
        }
        return out;
    }

    /** share/jvm of the distribution named by {@code mwan3.dist}, or of the one holding this class's jar. */
    private static Path distJvmDir() {
        String dist = System.getProperty("mwan3.dist");
        Path named = dist == null ? null : Path.of(dist, "share", "jvm");
        for (Path d : java.util.Arrays.asList(named, besideJar())) {
            if (d != null && Files.isRegularFile(d.resolve("mwan3d.options"))) {
                return d.toAbsolutePath();
            }
        }
        return null;
    }

    /** {@code ../share/jvm} of the jar this class was loaded from (lib/mwan3.jar), or null. */
    private static Path besideJar() {
        java.security.CodeSource src = LabRouter.class.getProtectionDomain().getCodeSource();
        try {
            Path code = src == null ? null : Path.of(src.getLocation().toURI());
            Path lib = code == null || !Files.isRegularFile(code) ? null : code.getParent();
            return lib == null || lib.getParent() == null ? null : lib.getParent().resolve("share").resolve("jvm");
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private void awaitSocket() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new KernelException("mwan3d exited " + daemon.exitValue() + ":\n" + log());
            }
            if (Files.exists(stateDir.resolve(ControlProtocol.SOCKET)) && call("start").exitCode() == 0) {
                return;
            }
            pause(50);
        }
        throw new KernelException("mwan3d did not open its socket:\n" + log());
    }

    /** Sends a CLI command to the daemon; a daemon that is gone answers exit 1. */
    public Reply call(String... args) throws IOException {
        Reply r = ControlProtocol.call(stateDir, List.of(args));
        return r == null ? Reply.failure("mwan3d not running") : r;
    }

    public String status(String what) {
        try {
            return call(what).text();
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    public void writeConfig(String mwan3Config) throws IOException {
        Files.writeString(configDir.resolve("mwan3"), mwan3Config, StandardCharsets.UTF_8);
    }

    /** Where its UCI files are: {@code mwan3}, and a {@code network} file a test may add. */
    public Path configDir() {
        return configDir;
    }

    public Path stateDir() {
        return stateDir;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** Lines the alert script wrote: {@code <epoch> <ACTION> <INTERFACE> <DEVICE>}. */
    public List<String> events() {
        try {
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    public boolean alive() {
        return daemon.isAlive();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (the daemon tears down), waits; returns the exit code. */
    public int stop() {
        daemon.descendants().forEach(ProcessHandle::destroy);
        daemon.destroy();
        try {
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
            return daemon.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** kill -9: no teardown (for crash-recovery tests). */
    public void kill() {
        daemon.descendants().forEach(ProcessHandle::destroyForcibly);
        daemon.destroyForcibly();
        try {
            daemon.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Topology topology() {
        return topology;
    }

    @Override
    public void close() {
        if (daemon.isAlive()) {
            stop();
        }
    }
}
