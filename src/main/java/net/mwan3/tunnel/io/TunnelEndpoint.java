package net.mwan3.tunnel.io;

import net.mwan3.tunnel.PathStatus;
import net.mwan3.tunnel.TunnelStatus;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.mwan3.config.TunnelConfig;
import net.mwan3.config.TunnelMode;
import net.mwan3.config.TunnelRole;
import net.mwan3.tunnel.DedupWindow;
import net.mwan3.tunnel.FailoverScheduler;
import net.mwan3.tunnel.PeerSession;
import net.mwan3.tunnel.ReorderBuffer;
import net.mwan3.tunnel.Scheduler;
import net.mwan3.tunnel.TcpCoalescer;

/**
 * One end of a multipath tunnel: a TUN device, its paths and one {@link EventLoop} thread. Its {@link Sender}
 * reads the TUN device, schedules and seals, and also beats and judges path health (so every tx sequence number
 * has one writer); one {@link Receiver} per socket opens datagrams, learns paths (server) and writes the first
 * copy of each packet to the TUN device. The client has one connected socket per (WAN, peer) pair; the server one
 * listening socket and learns the client's paths, by path id, from authenticated traffic, and forgets a path
 * silent for {@link #FORGET_NANOS}. The de-dup window and reorder buffer are guarded by {@link #rxLock} for the
 * status readers: uncontended on the packet path.
 */
public final class TunnelEndpoint implements AutoCloseable {
    static final long FORGET_NANOS = 10_000_000_000L;
    final TunnelConfig config;
    final TunDevice tun;
    final long beatNanos;
    final int session;
    final TunnelCounters counters = new TunnelCounters();
    final Object rxLock = new Object();
    final DedupWindow dedup = new DedupWindow(3_000_000_000L);
    final ReorderBuffer reorder;
    /** Offload mode: merges in-order TCP segments into one TUN write; guarded by rxLock like every TUN write. */
    private final TcpCoalescer coalescer;
    /** Used by the event loop only; status reads the failover choice. */
    final Scheduler scheduler;
    /** Guarded by rxLock. */
    final PeerSession peerSession = new PeerSession();
    /** Copy on write: the sender iterates a stable snapshot while a receiver learns a new path. */
    volatile TunnelPath[] paths = new TunnelPath[0];
    volatile long reorderBoundNanos = 50_000_000L;
    volatile boolean running;
    volatile boolean carrier;
    private volatile Runnable onCarrierChange = () -> { };
    private final PathSocket serverSocket;
    private final List<Thread> threads = new ArrayList<>();

    private TunnelEndpoint(TunnelConfig config, TunDevice tun, long beatNanos, PathSocket serverSocket) {
        this.config = config;
        this.tun = tun;
        this.beatNanos = beatNanos;
        this.serverSocket = serverSocket;
        int s = new SecureRandom().nextInt();
        this.session = s == 0 ? 1 : s;
        this.scheduler = Scheduler.of(config.mode());
        this.reorder = config.mode() == TunnelMode.AGGREGATE
                ? new ReorderBuffer(4096, config.mtu(), this::writeTun) : null;
        this.coalescer = tun.offload() ? new TcpCoalescer(this::writeFrame) : null;
    }

    /** A client path: the WAN it leaves by and the server address it talks to. */
    public record ClientPath(String wan, String label, String device, int mark, InetSocketAddress peer) {
    }

    public static TunnelEndpoint client(TunnelConfig config, TunDevice tun, List<ClientPath> clientPaths,
                                        long beatNanos) {
        TunnelEndpoint e = new TunnelEndpoint(config, tun, beatNanos, null);
        List<TunnelPath> ps = new ArrayList<>();
        try {
            for (ClientPath cp : clientPaths) {
                PathSocket s = PathSocket.connect(cp.device(), cp.mark(), cp.peer());
                ps.add(new TunnelPath(ps.size(), cp.label(), cp.wan(), s, null, beatNanos));
            }
        } catch (RuntimeException ex) {
            ps.forEach(p -> p.socket.close());
            throw ex;
        }
        e.paths = ps.toArray(new TunnelPath[0]);
        return e;
    }

    public static TunnelEndpoint server(TunnelConfig config, TunDevice tun, InetSocketAddress listen, long beatNanos) {
        return new TunnelEndpoint(config, tun, beatNanos, PathSocket.listen(listen));
    }

    boolean isClient() {
        return config.role() == TunnelRole.CLIENT;
    }

    public void start() {
        running = true;
        carrier = false;
        tun.setCarrier(false);
        Receiver[] receivers;
        int[] fds;
        if (serverSocket != null) {
            receivers = new Receiver[] {new Receiver(this, serverSocket, null)};
            fds = new int[] {serverSocket.fd()};
        } else {
            receivers = Arrays.stream(paths).map(p -> new Receiver(this, p.socket, p)).toArray(Receiver[]::new);
            fds = Arrays.stream(paths).mapToInt(p -> p.socket.fd()).toArray();
        }
        Thread t = new Thread(new EventLoop(this, new Sender(this), receivers, tun.fd(), fds), "tunnel-" + config.name());
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /**
     * The server's path for {@code id}, learned from {@code from}; an existing path moves there when its last
     * confirmed datagram is at least {@code quietNanos} old (see {@code Receiver#heard}). A new path is heard at
     * {@code now} before it is published, or {@link #forgetSilent} could drop it at once.
     */
    TunnelPath learn(int id, byte[] from, long quietNanos, long now) {
        TunnelPath[] current = paths;
        for (TunnelPath p : current) {
            if (p.id == id) {
                if (now - p.lastConfirmed >= quietNanos && !PathSocket.sameSender(p.peer, from)) {
                    p.peer = from.clone();
                    counters.senderMoved.incrementAndGet();
                }
                return p;
            }
        }
        synchronized (this) {
            TunnelPath p = new TunnelPath(id, PathSocket.decode(from).toString().replace("/", ""), null, serverSocket,
                    from.clone(), beatNanos);
            p.lastHeard = now;
            TunnelPath[] next = Arrays.copyOf(paths, paths.length + 1);
            next[next.length - 1] = p;
            paths = next;
            counters.pathsLearned.incrementAndGet();
            return p;
        }
    }

    /**
     * mwan3's tracker says {@code wan} is (not) usable: the client's paths over it leave the schedule at once
     * (and tell the peer so in their beats, which continue), or rejoin it as soon as their beats are fresh (T12).
     * Any thread; a WAN no path uses is ignored.
     */
    public void setWanUsable(String wan, boolean usable) {
        long now = System.nanoTime();
        for (TunnelPath p : paths) {
            if (wan.equals(p.wan) && p.wanUsable != usable) {
                p.setWanUsable(usable, now);
            }
        }
    }

    /**
     * Runs {@code r} (on the tunnel's thread) whenever the device's carrier changes. The kernel announces a carrier
     * loss on a TUN device only when its link watcher runs, up to a second later; mwan3d, running the tunnel
     * itself, re-reads the link at once instead (T12).
     */
    public void onCarrierChange(Runnable r) {
        onCarrierChange = r;
    }

    /** The sender switched the carrier. */
    void carrierChanged() {
        onCarrierChange.run();
    }

    /** Server: drops paths silent for longer than {@link #FORGET_NANOS}. Called by the sender. */
    synchronized void forgetSilent(long now) {
        TunnelPath[] current = paths;
        boolean anySilent = false;
        for (TunnelPath p : current) {
            anySilent |= now - p.lastHeard > FORGET_NANOS;
        }
        if (!anySilent) {
            return; // every tick: allocate only when there is something to forget
        }
        TunnelPath[] kept = Arrays.stream(current).filter(p -> now - p.lastHeard <= FORGET_NANOS)
                .toArray(TunnelPath[]::new);
        if (kept.length != current.length) {
            counters.pathsForgotten.addAndGet(current.length - kept.length);
            paths = kept;
        }
    }

    /**
     * Writes a packet to the TUN device (reorder sink and direct delivery), the one place every TUN write goes
     * through; called under {@link #rxLock}. With offloads the packet may wait in the coalescer for the segments
     * behind it until {@link #flushTun}.
     */
    void writeTun(byte[] buf, int offset, int length) {
        if (coalescer != null) {
            coalescer.add(buf, offset, length);
        } else if (offset != 0 || !tun.write(buf, length)) {
            counters.tunWriteErrors.incrementAndGet();
        } else {
            counters.delivered.incrementAndGet();
        }
    }

    /** Writes what the coalescer holds; the event loop calls this at the end of every turn. */
    void flushTun() {
        if (coalescer != null) {
            synchronized (rxLock) {
                coalescer.flush();
            }
        }
    }

    /** The coalescer's sink: one frame carrying {@code packets} packets. */
    private void writeFrame(byte[] frame, int length, int packets) {
        if (!tun.write(frame, length)) {
            counters.tunWriteErrors.addAndGet(packets);
            return;
        }
        counters.delivered.addAndGet(packets);
        if (packets > 1) {
            counters.tunGroWrites.incrementAndGet();
        }
    }

    public TunnelStatus status() {
        long now = System.nanoTime();
        TunnelPath[] current = paths;
        int active = scheduler instanceof FailoverScheduler f ? f.active() : -1;
        List<PathStatus> ps = new ArrayList<>(current.length);
        for (int i = 0; i < current.length; i++) {
            ps.add(current[i].status(now, active >= 0 && active != i));
        }
        long late;
        long skipped;
        synchronized (rxLock) {
            late = reorder == null ? 0 : reorder.late();
            skipped = reorder == null ? 0 : reorder.skipped();
        }
        return new TunnelStatus(config.name(), config.role().uci(), config.mode().uci(), tun.name(), carrier, ps,
                counters.snapshot(), late, skipped);
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (serverSocket != null) {
            serverSocket.close();
        }
        for (TunnelPath p : paths) {
            p.socket.close();
        }
        tun.close();
    }

    /** Whether an up path other than {@code self} found itself full in its latest beat interval. */
    boolean otherFull(TunnelPath self) {
        for (TunnelPath p : paths) {
            if (p != self && p.up && p.full) {
                return true;
            }
        }
        return false;
    }
}
