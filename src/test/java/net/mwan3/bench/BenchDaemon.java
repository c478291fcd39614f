package net.mwan3.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.mwan3.daemon.ControlProtocol;
import net.mwan3.daemon.Reply;
import net.mwan3.lab.Netns;

/**
 * mwan3d started through its production launcher ({@code target/dist/bin/mwan3d}, so with its JVM
 * flags) in a lab namespace. The launcher and {@code ip netns exec} both exec, so the spawned
 * process is the JVM itself and its {@code /proc/<pid>} tells the daemon's CPU and memory.
 */
final class BenchDaemon implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("mwan3.dist", "target/dist")).toAbsolutePath();

    final Path stateDir;
    private final Path log;
    private final Process process;

    BenchDaemon(Netns netns, String ns, String uci) throws IOException {
        Path work = Files.createTempDirectory("mwan3-bench-d");
        Path configDir = Files.createDirectories(work.resolve("config"));
        Files.writeString(configDir.resolve("mwan3"), uci);
        Path script = work.resolve("mwan3.user");
        Files.writeString(script, "#!/bin/sh\n");
        this.stateDir = work.resolve("state");
        this.log = work.resolve("mwan3d.log");
        this.process = netns.spawn(ns, log, DIST.resolve("bin/mwan3d").toString(), "--config-dir", configDir.toString(),
                "--state-dir", stateDir.toString(), "--user-script", script.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (call("interfaces") == null) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mwan3d did not come up:\n" + Files.readString(log));
            }
            Bench.pause(50);
        }
    }

    /** The daemon's answer, or null while it has no socket. */
    Reply call(String... args) {
        try {
            return Files.exists(stateDir.resolve(ControlProtocol.SOCKET)) ? ControlProtocol.call(stateDir, List.of(args))
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    long onlineCount() {
        Reply r = call("interfaces");
        return r == null ? 0 : r.text().lines().filter(l -> l.contains("is online")).count();
    }

    /**
     * utime + stime of the JVM so far (all threads) plus cutime + cstime: the processes it started
     * and waited for (ip, nft, conntrack, the user script), which a fork-free daemon no longer has.
     */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                / (double) clockTicks();
    }

    /** VmRSS in MiB. */
    double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    String command() throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(process.pid()), "comm")).strip();
    }

    private static long clockTicks() throws IOException {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(p.getInputStream().readAllBytes()).strip());
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
