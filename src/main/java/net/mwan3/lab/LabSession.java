package net.mwan3.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import net.mwan3.kernel.KernelException;

/**
 * Everything one lab run creates — namespaces, veth pairs, echo servers, the daemon, its work
 * directory and the state file — and the one place that removes it again: {@link #close()}, called
 * from the command's finally block and, on Ctrl-C, from a shutdown hook that first interrupts the
 * command's thread so it unwinds and cleans up itself.
 */
public final class LabSession implements AutoCloseable {
    private final Netns netns = new Netns("lab");
    private final Path work;
    private final PrintStream out;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;
    private Topology topo;
    private LabRouter router;
    private LabState state;
    private boolean done;
    private volatile boolean interrupted;

    public LabSession(PrintStream out) throws IOException {
        this.out = out;
        this.work = Files.createTempDirectory("mwan3-lab-");
        Thread owner = Thread.currentThread();
        this.hook = new Thread(() -> onSignal(owner), "mwan3-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal(Thread owner) {
        interrupted = true;
        owner.interrupt();
        try {
            if (!closed.await(90, TimeUnit.SECONDS)) {
                close();
            }
        } catch (InterruptedException e) {
            close();
        }
    }

    /** Builds the network, starts the servers and the daemon; the daemon has started routing. */
    public void start() throws IOException {
        out.println("building namespaces " + netns.prefix() + "* (lan, rtr, isp1..3, inet) ...");
        topo = Topology.build(netns, 3);
        LabJava java = new LabJava(netns, work);
        java.echoServer(topo.inet(), Topology.SERVER, Topology.SERVER_PORT);
        java.echoServer(topo.inet(), Topology.SERVER, LabConfig.HTTPS_PORT);
        out.println("starting mwan3d in " + topo.router() + " ...");
        router = new LabRouter(topo, LabConfig.uci(), work.resolve("router"));
        state = new LabState(netns.prefix(), ProcessHandle.current().pid(), topo.router(), topo.lan(),
                List.of(topo.isp(1), topo.isp(2), topo.isp(3)), router.stateDir());
        state.write();
    }

    /** Waits until tracking reports every WAN online; false on timeout. */
    public boolean awaitOnline(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (router.status("interfaces").split("is online", -1).length == 4) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    public Topology topology() {
        return topo;
    }

    public LabRouter router() {
        return router;
    }

    public LabState state() {
        return state;
    }

    public Path work() {
        return work;
    }

    /** Whether Ctrl-C (or another signal) is ending the run. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Stops the daemon (it tears its rules down), deletes every namespace, file and directory made. */
    @Override
    public synchronized void close() {
        if (done) {
            return;
        }
        done = true;
        boolean wasInterrupted = Thread.interrupted(); // waits below must really wait
        List<String> problems = new ArrayList<>();
        try {
            if (router != null) {
                router.stop();
            }
            netns.close();
        } catch (KernelException e) {
            problems.add(e.getMessage());
        }
        try {
            if (state != null) {
                state.delete();
            }
            deleteTree(work);
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
        report(problems);
        removeHook();
        closed.countDown();
        if (wasInterrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void report(List<String> problems) {
        String left = netns.prefix();
        out.println(problems.isEmpty() ? "removed namespaces " + left + "*, the daemon and its files"
                : "cleanup problems: " + problems);
    }

    private void removeHook() {
        if (Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            interrupted = true; // the JVM is already shutting down: the hook is running, nothing to remove
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
