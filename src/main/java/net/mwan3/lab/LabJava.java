package net.mwan3.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.mwan3.kernel.KernelException;

/**
 * Runs this project's small lab programs ({@link SourceEchoServer}, {@link FlowClient}) inside a
 * namespace with the current JVM and class path, so tests and the lab need nothing installed.
 */
public final class LabJava {
    private final Netns netns;
    private final Path logDir;

    public LabJava(Netns netns, Path logDir) {
        this.netns = netns;
        this.logDir = logDir;
    }

    private static List<String> java(Class<?> main, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Starts an echo server and waits until it listens. */
    public Process echoServer(String ns, String address, int port) {
        Path log = logDir.resolve("echo-" + address.replace(':', '_') + "-" + port + ".log");
        Process p = netns.spawn(ns, log, java(SourceEchoServer.class, address, Integer.toString(port))
                .toArray(new String[0]));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(log) && Files.readString(log).contains("listening")) {
                    return p;
                }
                Thread.sleep(20);
            } catch (IOException e) {
                throw new KernelException("reading " + log + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (!p.isAlive()) {
                break;
            }
        }
        throw new KernelException("echo server " + address + ":" + port + " did not start; see " + log);
    }

    /** Opens {@code count} new connections from {@code ns}; one result line each (address seen or "fail ..."). */
    public List<String> flows(String ns, String server, int port, int count, String source) {
        List<String> args = new ArrayList<>(List.of(server, Integer.toString(port), Integer.toString(count)));
        if (source != null) {
            args.add(source);
        }
        List<String> argv = java(FlowClient.class, args.toArray(new String[0]));
        String out = netns.exec(ns, argv.toArray(new String[0]));
        return out.lines().toList();
    }
}
