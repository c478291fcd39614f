package net.mwan3.lab;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * Moves a thread into a named network namespace with setns(2). On Linux the network namespace is
 * a per-thread attribute and a socket belongs to the namespace of the thread that created it, so
 * a JVM that lives in the host namespace can run its probers inside a lab namespace by giving
 * them threads from {@link #factory}, without configuring anything in the host. Code that creates
 * sockets must run on such a thread (Netty channels: inside the event loop, not the caller).
 */
public final class NetnsThread {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    /** The three libc calls needed; kept here so the lab does not depend on the probers. */
    public interface Sys {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int setns(int fd, int nstype);

        int close(int fd);

        String strerror(int errnum);
    }

    private static final Sys SYS = LibraryLoader.create(Sys.class).load("c");

    private NetnsThread() {
    }

    /** Moves the calling thread into namespace {@code name} (as listed by {@code ip netns}). */
    public static void enter(String name) {
        int fd = SYS.open("/var/run/netns/" + name, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("open netns " + name + ": " + error());
        }
        try {
            if (SYS.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns " + name + ": " + error());
            }
        } finally {
            SYS.close(fd);
        }
    }

    /**
     * Runs {@code task} on a short-lived thread inside namespace {@code name} and returns its
     * result: sockets it opens (a netlink socket, say) stay in that namespace for their lifetime,
     * whichever thread uses them later.
     */
    public static <T> T call(String name, java.util.concurrent.Callable<T> task) {
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(() -> {
            enter(name);
            return task.call();
        });
        Thread t = new Thread(f, "netns-" + name);
        t.setDaemon(true);
        t.start();
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted entering " + name, e);
        }
    }

    /** Daemon threads that enter namespace {@code name} before running their task. */
    public static ThreadFactory factory(String name, String threadName) {
        AtomicInteger seq = new AtomicInteger();
        return task -> {
            Thread t = new Thread(() -> {
                enter(name);
                task.run();
            }, threadName + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String error() {
        int e = Runtime.getRuntime(SYS).getLastError();
        return SYS.strerror(e) + " (errno " + e + ")";
    }
}
