package net.mwan3.probe;

import net.mwan3.sys.LibC;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * mwan3's {@code ping} method without forking ping: ICMP echo through jnr-ffi, all probes served by
 * one poller thread ({@link IcmpPoller}) over one socket per (family, device, mark, source).
 *
 * <p>The socket kind is chosen once, at construction, in the namespace of the poller thread: a
 * ping datagram socket if {@code net.ipv4.ping_group_range} admits our gid, else a raw socket
 * (needs CAP_NET_RAW). The choice is logged and exposed as {@link #mode()}: a daemon that
 * silently lost ICMP would mark every WAN offline. Threads come from the given factory, which is
 * how tests run the poller inside a network namespace.
 */
public final class IcmpProber implements Prober {
    private static final System.Logger LOG = System.getLogger(IcmpProber.class.getName());

    private final IcmpPoller poller = new IcmpPoller();
    private final Thread thread;
    private final IcmpMode mode;
    private final String modeReason;

    public IcmpProber() {
        this(r -> new Thread(r, "mwan3-icmp"));
    }

    public IcmpProber(ThreadFactory threads) {
        CompletableFuture<Detected> detected = new CompletableFuture<>();
        thread = threads.newThread(() -> {
            detected.complete(detect());
            poller.run();
        });
        thread.setDaemon(true);
        thread.start();
        Detected d = awaitDetection(detected);
        mode = d.mode();
        modeReason = d.reason();
        LOG.log(mode == IcmpMode.UNAVAILABLE ? System.Logger.Level.ERROR : System.Logger.Level.INFO,
                "ICMP probes use {0} sockets ({1})", mode, modeReason);
    }

    /** Which socket kind ICMP probes use; {@link IcmpMode#UNAVAILABLE} means every probe fails. */
    public IcmpMode mode() {
        return mode;
    }

    /** Why that mode was chosen (the errno of the kind that failed). */
    public String modeReason() {
        return modeReason;
    }

    @Override
    public CompletableFuture<ProbeResult> probe(ProbeTarget target) {
        if (mode == IcmpMode.UNAVAILABLE) {
            return CompletableFuture.completedFuture(ProbeResult.failed(0, "no ICMP socket: " + modeReason));
        }
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        TargetResolver.resolve(target.host(), target.family()).whenComplete((addr, err) -> {
            if (err != null) {
                result.complete(ProbeResult.failed(0, "resolve " + target.host() + ": " + err.getMessage()));
            } else if (!poller.submit(() -> begin(addr, target, result))) {
                result.complete(ProbeResult.failed(0, "ICMP prober closed"));
            }
        });
        return result;
    }

    private void begin(InetAddress addr, ProbeTarget target, CompletableFuture<ProbeResult> result) {
        try {
            IcmpSocket socket = poller.socket(addr instanceof Inet6Address, mode, SocketBinding.of(target));
            poller.start(new IcmpRun(socket, addr, target, result, System.nanoTime()));
        } catch (ProbeSetupException e) {
            result.complete(ProbeResult.failed(0, e.getMessage()));
        }
    }

    @Override
    public void close() {
        poller.stop();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tries a ping socket, then a raw socket, in the calling thread's namespace. */
    /** Waits for the poller thread's first act; a thread that died first (setns failed) is an error. */
    private Detected awaitDetection(CompletableFuture<Detected> detected) {
        while (true) {
            try {
                return detected.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!thread.isAlive() && !detected.isDone()) {
                    throw new IllegalStateException("ICMP poller thread " + thread.getName() + " died before starting");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                poller.stop();
                throw new IllegalStateException("interrupted while starting the ICMP poller", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("ICMP mode detection failed", e.getCause());
            }
        }
    }

    private record Detected(IcmpMode mode, String reason) {
    }

    private static Detected detect() {
        LibC c = LibC.INSTANCE;
        int fd = c.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, LibC.IPPROTO_ICMP);
        if (fd >= 0) {
            c.close(fd);
            return new Detected(IcmpMode.DGRAM, "ping socket allowed by net.ipv4.ping_group_range");
        }
        String dgramError = LibC.lastError();
        fd = c.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_ICMP);
        if (fd >= 0) {
            c.close(fd);
            return new Detected(IcmpMode.RAW, "ping socket refused: " + dgramError);
        }
        return new Detected(IcmpMode.UNAVAILABLE,
                "ping socket: " + dgramError + "; raw socket: " + LibC.lastError());
    }
}
