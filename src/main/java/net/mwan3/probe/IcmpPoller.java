package net.mwan3.probe;

import net.mwan3.sys.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The single thread behind every ICMP probe: it owns all sockets, sends due echoes, and sleeps in
 * poll(2) until a reply, the next send, a deadline or a new submission (an eventfd) wakes it. One
 * wake-up serves every outstanding probe, so hundreds of targets per second cost a few syscalls
 * each and no thread per target. Nothing here is shared: other threads only {@link #submit}.
 */
final class IcmpPoller implements Runnable {
    private static final System.Logger LOG = System.getLogger(IcmpPoller.class.getName());
    private static final long IDLE_NANOS = 300_000_000_000L;
    private static final int IDLE_POLL_MILLIS = 60_000;

    /** Sockets are shared per family and binding. */
    private record Key(boolean v6, SocketBinding binding) {
    }

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final int wakeFd;
    private final Map<Key, IcmpSocket> sockets = new HashMap<>();
    private final List<IcmpRun> runs = new ArrayList<>();
    private final Object wakeLock = new Object();
    private volatile boolean running = true;
    // Guarded by wakeLock: once set, no task is queued and the eventfd may be closed.
    private boolean wakeClosed;

    IcmpPoller() {
        wakeFd = LibC.INSTANCE.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (wakeFd < 0) {
            throw new IllegalStateException("eventfd: " + LibC.lastError());
        }
    }

    /** Runs {@code task} on the poller thread soon; false if the poller has shut down. */
    boolean submit(Runnable task) {
        synchronized (wakeLock) {
            if (wakeClosed) {
                return false;
            }
            tasks.add(task);
        }
        wake();
        return true;
    }

    void stop() {
        running = false;
        wake();
    }

    /** The socket for this family and binding, opened on first use (poller thread only). */
    IcmpSocket socket(boolean v6, IcmpMode mode, SocketBinding binding) {
        return sockets.computeIfAbsent(new Key(v6, binding), k -> IcmpSocket.open(v6, mode, binding));
    }

    void start(IcmpRun run) {
        runs.add(run);
    }

    @Override
    public void run() {
        try {
            while (running) {
                runTasks();
                long now = System.nanoTime();
                long next = step(now);
                pollOnce(next == Long.MAX_VALUE ? IDLE_POLL_MILLIS : millisUntil(next, now));
            }
        } finally {
            shutdown();
        }
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "ICMP poller task failed", e);
            }
        }
    }

    /** Sends what is due, completes what is finished; returns the earliest next wake-up. */
    private long step(long now) {
        long next = Long.MAX_VALUE;
        for (Iterator<IcmpRun> it = runs.iterator(); it.hasNext();) {
            IcmpRun run = it.next();
            run.sendDue(now);
            run.socket().lastUsed = now;
            if (run.finished(now)) {
                it.remove();
                run.complete();
            } else {
                next = Math.min(next, run.wakeAt());
            }
        }
        sockets.values().removeIf(s -> {
            boolean stale = s.idle() && now - s.lastUsed > IDLE_NANOS;
            if (stale) {
                s.close();
            }
            return stale;
        });
        return next;
    }

    private void pollOnce(int timeoutMillis) {
        List<IcmpSocket> polled = new ArrayList<>(sockets.values());
        ByteBuffer fds = ByteBuffer.allocate(8 * (polled.size() + 1)).order(ByteOrder.nativeOrder());
        fds.putInt(wakeFd).putShort((short) LibC.POLLIN).putShort((short) 0);
        for (IcmpSocket s : polled) {
            fds.putInt(s.fd).putShort((short) LibC.POLLIN).putShort((short) 0);
        }
        int n = LibC.INSTANCE.poll(fds.array(), polled.size() + 1, timeoutMillis);
        long now = System.nanoTime();
        if (n <= 0) {
            return;
        }
        if (fds.getShort(6) != 0) {
            LibC.INSTANCE.read(wakeFd, new byte[8], 8);
        }
        for (int i = 0; i < polled.size(); i++) {
            if (fds.getShort(8 * (i + 1) + 6) != 0) {
                polled.get(i).drain(now);
            }
        }
    }

    private void wake() {
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
        synchronized (wakeLock) {
            if (!wakeClosed) {
                LibC.INSTANCE.write(wakeFd, one, 8);
            }
        }
    }

    private void shutdown() {
        synchronized (wakeLock) {
            wakeClosed = true;
        }
        runTasks();
        for (IcmpRun run : runs) {
            run.complete();
        }
        runs.clear();
        sockets.values().forEach(IcmpSocket::close);
        sockets.clear();
        synchronized (wakeLock) {
            LibC.INSTANCE.close(wakeFd);
        }
    }

    private static int millisUntil(long next, long now) {
        long nanos = Math.max(0, next - now);
        return (int) Math.min(IDLE_POLL_MILLIS, (nanos + 999_999) / 1_000_000);
    }
}
